import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WatchStatus } from "../lib/bindings/WatchStatus";
import { clock } from "../lib/clock.svelte";
import { watch } from "../lib/watch/watch.svelte";
import { backend } from "../test/backend";
import { emit } from "../test/events";
import { byTestId, click, findByTestId } from "../test/dom";
import WatchIndicator from "./WatchIndicator.svelte";

vi.mock("@tauri-apps/api/event", () => import("../test/events"));

/** 13:30 local time on a Wednesday, whatever zone the tests run in. */
const NOW = new Date(2025, 2, 12, 13, 30).getTime();
const local = (hour: number, minute: number) => new Date(2025, 2, 12, hour, minute).toISOString();

const status = (overrides: Partial<WatchStatus> = {}): WatchStatus => ({
  watched: 20,
  atRisk: 0,
  breached: 0,
  pausedUntil: null,
  snoozed: [],
  checkedAt: local(13, 30),
  ...overrides,
});

let indicator: ReturnType<typeof mount> | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  clock.now = NOW;
});

afterEach(() => {
  if (indicator) unmount(indicator);
  indicator = undefined;
  watch.stop();
  vi.useRealTimers();
  clearMocks();
  document.body.innerHTML = "";
});

async function start(first: WatchStatus, more: Parameters<typeof backend>[0] = {}) {
  const rust = backend({ watch_status: () => first, ...more });
  const onSettings = vi.fn();
  indicator = mount(WatchIndicator, { target: document.body, props: { onSettings } });
  watch.start();
  await vi.waitFor(() => expect(watch.status).not.toBeNull());
  flushSync();
  return { rust, onSettings };
}

const text = (testid: string) => byTestId(testid)?.textContent?.replace(/\s+/g, " ").trim();

describe("WatchIndicator", () => {
  it("counts the breached and at risk as Rust announces them, and hides when both are zero", async () => {
    await start(status({ atRisk: 5, breached: 2 }));
    expect(text("watch-counts")).toBe("2 breached · 5 at risk");
    expect(byTestId("watch-counts", " .breached")?.textContent).toBe("2 breached");
    expect(byTestId("watch-counts", " .atRisk")?.textContent).toBe("5 at risk");

    emit("sla-status", status({ atRisk: 1 }));
    expect(text("watch-counts")).toBe("1 at risk");

    emit("sla-status", status());
    expect(byTestId("watch-counts")).toBeNull();
  });

  it("pauses until tomorrow 08:00, says until when, and resumes", async () => {
    const { rust } = await start(status(), {
      watch_pause: (request) =>
        status({ pausedUntil: request.minutes === null ? null : local(14, 30) }),
    });
    expect(byTestId("watch-paused")).toBeNull();

    click(byTestId("watch-menu"));
    click(byTestId("watch-pause-tomorrow"));
    // 13:30 to 08:00 the next day.
    await vi.waitFor(() => expect(rust.requests("watch_pause")).toEqual([{ minutes: 1110 }]));
    expect((await findByTestId("watch-paused")).textContent).toBe(
      "Notifications paused until 14:30",
    );

    click(byTestId("watch-resume"));
    await vi.waitFor(() => expect(byTestId("watch-paused")).toBeNull());
    expect(rust.requests("watch_pause").at(-1)).toEqual({ minutes: null });

    click(byTestId("watch-menu"));
    click(byTestId("watch-pause-1h"));
    await vi.waitFor(() => expect(rust.requests("watch_pause").at(-1)).toEqual({ minutes: 60 }));
  });

  it("opens the notification settings from the bell's menu", async () => {
    const { onSettings } = await start(status());
    click(byTestId("watch-menu"));
    click(byTestId("watch-settings-open"));
    expect(onSettings).toHaveBeenCalledOnce();
    expect(byTestId("watch-settings-open")).toBeNull();
  });
});
