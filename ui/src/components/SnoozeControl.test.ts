import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WatchStatus } from "../lib/bindings/WatchStatus";
import { clock } from "../lib/clock.svelte";
import { watch } from "../lib/watch/watch.svelte";
import { backend } from "../test/backend";
import { byTestId, click, findByTestId } from "../test/dom";
import SnoozeControl from "./SnoozeControl.svelte";

vi.mock("@tauri-apps/api/event", () => import("../test/events"));

/** 09:00 local time, whatever zone the tests run in. */
const NOW = new Date(2025, 2, 12, 9, 0).getTime();

const status = (snoozed: WatchStatus["snoozed"] = []): WatchStatus => ({
  watched: 20,
  atRisk: 1,
  breached: 0,
  pausedUntil: null,
  snoozed,
  checkedAt: null,
});

let control: ReturnType<typeof mount> | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  clock.now = NOW;
});

afterEach(() => {
  if (control) unmount(control);
  control = undefined;
  watch.stop();
  vi.useRealTimers();
  clearMocks();
  document.body.innerHTML = "";
});

describe("SnoozeControl", () => {
  it("snoozes a ticket, says until when, and unsnoozes it", async () => {
    const rust = backend({
      watch_status: () => status(),
      watch_snooze: (request) =>
        status(
          request.minutes === 0
            ? []
            : [
                {
                  ticketId: request.ticketId as number,
                  until: new Date(NOW + (request.minutes as number) * 60_000).toISOString(),
                },
              ],
        ),
    });
    watch.start();
    control = mount(SnoozeControl, { target: document.body, props: { ticketId: 42 } });
    flushSync();

    click(byTestId("snooze-open"));
    click(byTestId("snooze-120"));
    expect((await findByTestId("snooze-until")).textContent).toBe("Snoozed until 11:00");
    expect(byTestId("snooze-open")).toBeNull();

    click(byTestId("unsnooze"));
    await findByTestId("snooze-open");

    click(byTestId("snooze-open"));
    click(byTestId("snooze-tomorrow"));
    expect((await findByTestId("snooze-until")).textContent).toBe("Snoozed until tomorrow 08:00");

    expect(rust.requests("watch_snooze")).toEqual([
      { ticketId: 42, minutes: 120 },
      { ticketId: 42, minutes: 0 },
      { ticketId: 42, minutes: 23 * 60 },
    ]);
  });

  it("says why a snooze failed", async () => {
    backend({
      watch_status: () => status(),
      watch_snooze: () => {
        throw { code: "invalid", message: "The watch is not running." };
      },
    });
    control = mount(SnoozeControl, { target: document.body, props: { ticketId: 42 } });
    flushSync();
    click(byTestId("snooze-open"));
    click(byTestId("snooze-30"));
    expect((await findByTestId("snooze-error")).textContent).toBe("The watch is not running.");
  });
});
