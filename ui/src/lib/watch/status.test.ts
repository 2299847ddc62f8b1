import { describe, expect, it } from "vitest";
import type { WatchStatus } from "../bindings/WatchStatus";
import { minutesFromNow, NOW } from "../../test/fixtures";
import { countParts, pausedUntil, snoozedUntil } from "./status";

const status = (overrides: Partial<WatchStatus> = {}): WatchStatus => ({
  watched: 12,
  atRisk: 0,
  breached: 0,
  pausedUntil: null,
  snoozed: [],
  checkedAt: minutesFromNow(0),
  ...overrides,
});

describe("countParts", () => {
  it("says the breached first, and nothing of a zero count", () => {
    expect(countParts(status({ atRisk: 5, breached: 2 }))).toEqual([
      { tone: "breached", text: "2 breached" },
      { tone: "atRisk", text: "5 at risk" },
    ]);
    expect(countParts(status({ atRisk: 1 }))).toEqual([{ tone: "atRisk", text: "1 at risk" }]);
    expect(countParts(status())).toEqual([]);
    expect(countParts(null)).toEqual([]);
  });
});

describe("pausedUntil and snoozedUntil", () => {
  it("give the end of a pause or snooze still ahead", () => {
    const paused = status({
      pausedUntil: minutesFromNow(30),
      snoozed: [{ ticketId: 42, until: minutesFromNow(120) }],
    });
    expect(pausedUntil(paused, NOW)).toBe(NOW + 30 * 60_000);
    expect(snoozedUntil(paused, 42, NOW)).toBe(NOW + 120 * 60_000);
    expect(snoozedUntil(paused, 7, NOW)).toBeNull();
  });

  it("treat one already over, or unreadable, as none", () => {
    const stale = status({
      pausedUntil: minutesFromNow(-1),
      snoozed: [{ ticketId: 42, until: "soon" }],
    });
    expect(pausedUntil(stale, NOW)).toBeNull();
    expect(snoozedUntil(stale, 42, NOW)).toBeNull();
    expect(pausedUntil(null, NOW)).toBeNull();
  });
});
