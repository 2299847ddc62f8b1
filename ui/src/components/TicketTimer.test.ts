import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TimerView } from "../lib/bindings/TimerView";
import { timers } from "../lib/workflow/timers.svelte";
import { backend } from "../test/backend";
import { byTestId, click, findByTestId } from "../test/dom";
import TicketTimer from "./TicketTimer.svelte";

let timer: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (timer) unmount(timer);
  timer = undefined;
  timers.reset();
  clearMocks();
  document.body.innerHTML = "";
});

describe("TicketTimer", () => {
  it("starts, pauses, and logs the minutes rounded up, paused first", async () => {
    let view: TimerView = { ticketId: 42, elapsedMs: 0, runningSince: null };
    const rust = backend({
      timer_update: (request) => {
        if (request.op === "start") {
          view = { ...view, elapsedMs: 125_000, runningSince: "2025-03-12T13:58:00Z" };
        } else if (request.op === "pause") {
          view = { ...view, elapsedMs: 7 * 60_000 + 1_000, runningSince: null };
        }
        return { timers: [view] };
      },
    });
    const onLog = vi.fn();
    timer = mount(TicketTimer, { target: document.body, props: { ticketId: 42, onLog } });
    flushSync();
    expect(byTestId("timer-elapsed")?.textContent?.trim()).toBe("00:00");
    expect(byTestId("timer-log")).toBeNull();

    click(byTestId("timer-start"));
    await findByTestId("timer-pause");
    expect(byTestId("timer-elapsed")?.textContent?.trim()).toBe("02:05");
    expect(timers.running).toBe(1);

    click(byTestId("timer-log"));
    await vi.waitFor(() => expect(onLog).toHaveBeenCalledWith(8));
    expect(rust.requests("timer_update").map((r) => r.op)).toEqual(["start", "pause"]);
    expect(byTestId("timer-start")).not.toBeNull();
    expect(timers.running).toBe(0);
  });
});
