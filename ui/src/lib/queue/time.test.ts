import { describe, expect, it } from "vitest";
import { minutesFromNow, NOW } from "../../test/fixtures";
import {
  formatBytes,
  formatDuration,
  formatHours,
  liveSlaState,
  relativeTime,
  slaLabel,
} from "./time";

describe("slaLabel", () => {
  const badge = (minutes: number) => ({
    state: "onTrack" as const,
    target: "resolution" as const,
    dueAt: minutesFromNow(minutes),
  });

  it("counts the time left down from the due time", () => {
    expect(slaLabel(badge(130), NOW)).toBe("2h 10m left");
    expect(slaLabel(badge(45), NOW)).toBe("45m left");
    expect(slaLabel(badge(60 * 26), NOW)).toBe("1d 2h left");
  });

  it("says how long overdue", () => {
    expect(slaLabel(badge(-65), NOW)).toBe("overdue 1h 5m");
    expect(slaLabel({ ...badge(-5), state: "breached" }, NOW)).toBe("overdue 5m");
  });

  it("shows states without a running clock plainly", () => {
    expect(slaLabel({ state: "paused", target: null, dueAt: minutesFromNow(5) }, NOW)).toBe(
      "Paused",
    );
    expect(slaLabel({ state: "met", target: null, dueAt: null }, NOW)).toBe("Met");
    expect(slaLabel({ state: "notStarted", target: null, dueAt: null }, NOW)).toBe("Not started");
    expect(slaLabel({ state: "none", target: null, dueAt: null }, NOW)).toBe("No SLA");
  });

  it("reads as breached once the due time passes, before the next sync says so", () => {
    expect(liveSlaState(badge(-1), NOW)).toBe("breached");
    expect(liveSlaState(badge(1), NOW)).toBe("onTrack");
  });
});

describe("relativeTime", () => {
  it("says how long ago in words a technician uses", () => {
    expect(relativeTime(minutesFromNow(0), NOW)).toBe("just now");
    expect(relativeTime(minutesFromNow(-5), NOW)).toBe("5 min ago");
    expect(relativeTime(null, NOW)).toBe("—");
  });

  it("says yesterday for the day before", () => {
    const noon = new Date(NOW);
    noon.setHours(12, 0, 0, 0);
    const yesterday = new Date(noon);
    yesterday.setDate(noon.getDate() - 1);
    expect(relativeTime(yesterday.toISOString(), noon.getTime())).toBe("yesterday");
    expect(
      relativeTime(new Date(noon.getTime() - 3 * 3_600_000).toISOString(), noon.getTime()),
    ).toBe("3 h ago");
  });
});

describe("formatting", () => {
  it("formats durations, sizes and hours", () => {
    expect(formatDuration(30_000)).toBe("<1m");
    expect(formatDuration(3 * 3_600_000)).toBe("3h");
    expect(formatBytes(840)).toBe("840 B");
    expect(formatBytes(12_700)).toBe("12 KB");
    expect(formatBytes(3_250_000)).toBe("3.1 MB");
    expect(formatHours(0.25)).toBe("0.25 h");
  });
});
