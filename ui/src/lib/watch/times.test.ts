import { describe, expect, it } from "vitest";
import { isClockTime, minutesUntilTomorrowMorning, untilText } from "./times";

/** A local wall-clock time, whatever zone the tests run in. */
const at = (day: number, hour: number, minute = 0) =>
  new Date(2025, 2, day, hour, minute).getTime();

describe("minutesUntilTomorrowMorning", () => {
  it("counts to 08:00 on the next calendar day", () => {
    expect(minutesUntilTomorrowMorning(at(12, 14, 30))).toBe(17 * 60 + 30);
    expect(minutesUntilTomorrowMorning(at(12, 0, 30))).toBe(31 * 60 + 30);
    expect(minutesUntilTomorrowMorning(at(12, 23, 59))).toBe(8 * 60 + 1);
  });

  it("rounds a part minute up, so the pause does not end before 08:00", () => {
    expect(minutesUntilTomorrowMorning(at(12, 14, 30) + 20_000)).toBe(17 * 60 + 30);
  });
});

describe("untilText", () => {
  const now = at(12, 9, 5);

  it("says the time today, 24-hour", () => {
    expect(untilText(at(12, 14, 30), now)).toBe("14:30");
    expect(untilText(at(12, 9, 35), now)).toBe("09:35");
  });

  it("says tomorrow, and the date after that", () => {
    expect(untilText(at(13, 8), now)).toBe("tomorrow 08:00");
    expect(untilText(at(15, 8), now)).toMatch(/15.*08:00$/);
  });
});

describe("isClockTime", () => {
  it("takes HH:MM, 24-hour, only", () => {
    expect(["00:00", "07:05", "22:00", "23:59"].every(isClockTime)).toBe(true);
    expect(["24:00", "7:00", "07:60", "07:00:00", "", "ten"].some(isClockTime)).toBe(false);
  });
});

describe("across a change of the clocks", () => {
  it("still ends at 08:00 on the night the clocks go forward", () => {
    const zone = process.env.TZ;
    process.env.TZ = "Europe/London";
    try {
      // 14:30 on the Saturday; the clocks go from 01:00 to 02:00 overnight.
      const saturday = new Date(2025, 2, 29, 14, 30).getTime();
      expect(minutesUntilTomorrowMorning(saturday)).toBe(16 * 60 + 30);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
