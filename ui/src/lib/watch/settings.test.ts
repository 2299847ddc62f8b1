import { describe, expect, it } from "vitest";
import type { WatchSettings } from "../bindings/WatchSettings";
import { checkForm, scopeKey, toForm, type SettingsForm } from "./settings";

const settings: WatchSettings = {
  enabled: true,
  scope: { kind: "mine" },
  atRiskMinutes: 60,
  atRiskPercent: null,
  quietHours: null,
  mutedPriorityIds: [3],
  closeToTray: true,
};

const form = (overrides: Partial<SettingsForm> = {}): SettingsForm => ({
  ...toForm(settings),
  ...overrides,
});

describe("toForm and checkForm", () => {
  it("give back the settings they were given", () => {
    const saved: WatchSettings = {
      ...settings,
      scope: { kind: "savedFilter", id: 5 },
      atRiskPercent: 80,
      quietHours: { start: "22:00", end: "07:00" },
    };
    expect(checkForm(toForm(saved), [5])).toEqual({ settings: saved });
  });

  it("offers the night as quiet hours, and checks their times only while they are on", () => {
    expect(toForm(settings)).toMatchObject({
      quiet: false,
      quietStart: "22:00",
      quietEnd: "07:00",
    });
    const checked = checkForm(form({ quietStart: "9:00", quietEnd: "" }), []);
    expect(checked).toEqual({ settings });
  });

  it("says what to fix, field by field", () => {
    expect(checkForm(form({ atRiskMinutes: 0 }), [])).toEqual({
      problems: { atRiskMinutes: expect.stringContaining("1 to 1440") },
    });
    for (const minutes of [null, 1441, 1.5]) {
      expect(checkForm(form({ atRiskMinutes: minutes }), [])).toHaveProperty(
        "problems.atRiskMinutes",
      );
    }
    for (const percent of [0, 100, 12.5]) {
      expect(checkForm(form({ atRiskPercent: percent }), [])).toHaveProperty(
        "problems.atRiskPercent",
      );
    }
    expect(checkForm(form({ quiet: true, quietStart: "25:00", quietEnd: "7:00" }), [])).toEqual({
      problems: { quietStart: expect.any(String), quietEnd: expect.any(String) },
    });
    expect(checkForm(form({ quiet: true, quietStart: "08:00", quietEnd: "08:00" }), [])).toEqual({
      problems: { quietEnd: expect.stringContaining("different") },
    });
  });

  it("refuses a saved filter deleted since it was chosen", () => {
    expect(checkForm(form({ scope: "filter:9" }), [5])).toEqual({
      problems: { scope: expect.stringContaining("no longer exists") },
    });
  });
});

describe("scopeKey", () => {
  it("names each scope as the select's value", () => {
    expect(scopeKey({ kind: "mine" })).toBe("mine");
    expect(scopeKey({ kind: "myTeams" })).toBe("myTeams");
    expect(scopeKey({ kind: "savedFilter", id: 12 })).toBe("filter:12");
  });
});
