import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WatchStatus } from "../bindings/WatchStatus";
import { backend } from "../../test/backend";
import { emit, listening } from "../../test/events";
import { minutesFromNow } from "../../test/fixtures";
import { STATUS_EVERY_MS, watch } from "./watch.svelte";

vi.mock("@tauri-apps/api/event", () => import("../../test/events"));

afterEach(() => {
  watch.stop();
  vi.useRealTimers();
  clearMocks();
});

const status = (overrides: Partial<WatchStatus> = {}): WatchStatus => ({
  watched: 12,
  atRisk: 1,
  breached: 0,
  pausedUntil: null,
  snoozed: [],
  checkedAt: minutesFromNow(0),
  ...overrides,
});

describe("watch", () => {
  it("reads the status, takes each announced change, and reads it again every minute", async () => {
    vi.useFakeTimers();
    let reads = 0;
    backend({ watch_status: () => status({ atRisk: ++reads }) });

    watch.start();
    await vi.waitFor(() => expect(watch.status?.atRisk).toBe(1));

    emit("sla-status", status({ atRisk: 9, breached: 2 }));
    expect(watch.status).toMatchObject({ atRisk: 9, breached: 2 });

    await vi.advanceTimersByTimeAsync(STATUS_EVERY_MS);
    expect(watch.status?.atRisk).toBe(2);
  });

  it("lets go of the last profile's status, and of its announcements", async () => {
    backend({ watch_status: () => status() });
    watch.start();
    await vi.waitFor(() => expect(watch.status).not.toBeNull());

    watch.stop();
    expect(watch.status).toBeNull();
    expect(listening("sla-status")).toBe(0);
    emit("sla-status", status({ breached: 4 }));
    expect(watch.status).toBeNull();
  });

  it("snoozes, pauses and resumes, taking the status Rust answers with", async () => {
    const rust = backend({
      watch_status: () => status(),
      watch_snooze: (request) =>
        status({ snoozed: [{ ticketId: request.ticketId as number, until: minutesFromNow(30) }] }),
      watch_pause: (request) =>
        status({ pausedUntil: request.minutes === null ? null : minutesFromNow(60) }),
    });
    watch.start();

    await watch.snooze(42, 30);
    expect(watch.status?.snoozed).toEqual([{ ticketId: 42, until: minutesFromNow(30) }]);
    await watch.pause(60);
    expect(watch.status?.pausedUntil).toBe(minutesFromNow(60));
    await watch.pause(null);
    expect(watch.status?.pausedUntil).toBeNull();
    expect(rust.requests("watch_snooze")).toEqual([{ ticketId: 42, minutes: 30 }]);
    expect(rust.requests("watch_pause")).toEqual([{ minutes: 60 }, { minutes: null }]);
  });
});
