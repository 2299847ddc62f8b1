import { describe, expect, it } from "vitest";
import { elapsedAt, formatElapsed, minutesToLog, wholeMinutes } from "./timer";

describe("formatElapsed", () => {
  it("reads mm:ss, then h:mm:ss once there are hours", () => {
    expect(formatElapsed(0)).toBe("00:00");
    expect(formatElapsed(7_999)).toBe("00:07");
    expect(formatElapsed(12 * 60_000 + 30_000)).toBe("12:30");
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
    expect(formatElapsed(-5)).toBe("00:00");
  });
});

describe("elapsedAt", () => {
  it("counts on from the reading only while the timer runs", () => {
    const running = { ticketId: 1, elapsedMs: 60_000, runningSince: "2025-03-12T13:59:00Z" };
    expect(elapsedAt(running, 1_000, 6_000)).toBe(65_000);
    // The reading already counts the run up to when it was taken: nothing is counted twice.
    expect(elapsedAt(running, 1_000, 1_000)).toBe(60_000);
    expect(elapsedAt(running, 1_000, 500)).toBe(60_000);
    const paused = { ...running, runningSince: null };
    expect(elapsedAt(paused, 1_000, 99_000)).toBe(60_000);
  });
});

describe("minutesToLog", () => {
  it("rounds up to whole minutes, and books at least one", () => {
    expect(minutesToLog(0)).toBe(1);
    expect(minutesToLog(1)).toBe(1);
    expect(minutesToLog(60_000)).toBe(1);
    expect(minutesToLog(60_001)).toBe(2);
    expect(minutesToLog(14 * 60_000 + 5_000)).toBe(15);
  });
});

describe("wholeMinutes", () => {
  it("sends what the field holds as whole, non-negative minutes", () => {
    expect(wholeMinutes(null)).toBe(0);
    expect(wholeMinutes(Number.NaN)).toBe(0);
    expect(wholeMinutes(-3)).toBe(0);
    expect(wholeMinutes(14.6)).toBe(15);
    expect(wholeMinutes(30)).toBe(30);
  });
});
