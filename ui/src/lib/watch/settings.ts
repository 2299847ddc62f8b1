/**
 * The notification settings as the dialog edits them, and the checks they pass before Rust sees
 * them. Numbers arrive as the inputs give them (`null` when empty), and the quiet hours keep
 * their times while switched off, so turning them on again finds them as they were.
 */
import type { WatchScope } from "../bindings/WatchScope";
import type { WatchSettings } from "../bindings/WatchSettings";
import { isClockTime } from "./times";

export interface SettingsForm {
  enabled: boolean;
  /** `scopeKey` of the scope, as the select's value. */
  scope: string;
  atRiskMinutes: number | null;
  /** Empty (`null`) for off. */
  atRiskPercent: number | null;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  mutedPriorityIds: number[];
  closeToTray: boolean;
}

export type SettingsField = "scope" | "atRiskMinutes" | "atRiskPercent" | "quietStart" | "quietEnd";

export type SettingsProblems = Partial<Record<SettingsField, string>>;

export type CheckedSettings = { settings: WatchSettings } | { problems: SettingsProblems };

/** Quiet hours offered when none were set: the night. */
const NIGHT = { start: "22:00", end: "07:00" };

/** A scope as one string: `mine`, `myTeams` or `filter:<id>`. */
export function scopeKey(scope: WatchScope): string {
  return scope.kind === "savedFilter" ? `filter:${scope.id}` : scope.kind;
}

function scopeOf(key: string): WatchScope | null {
  if (key === "mine" || key === "myTeams") return { kind: key };
  const id = /^filter:(\d+)$/.exec(key)?.[1];
  return id === undefined ? null : { kind: "savedFilter", id: Number(id) };
}

export function toForm(settings: WatchSettings): SettingsForm {
  return {
    enabled: settings.enabled,
    scope: scopeKey(settings.scope),
    atRiskMinutes: settings.atRiskMinutes,
    atRiskPercent: settings.atRiskPercent,
    quiet: settings.quietHours !== null,
    quietStart: settings.quietHours?.start ?? NIGHT.start,
    quietEnd: settings.quietHours?.end ?? NIGHT.end,
    mutedPriorityIds: [...settings.mutedPriorityIds],
    closeToTray: settings.closeToTray,
  };
}

function wholeIn(value: number | null, min: number, max: number): value is number {
  return value !== null && Number.isInteger(value) && value >= min && value <= max;
}

/** The settings to save, or what to fix, field by field. */
export function checkForm(form: SettingsForm, savedFilterIds: readonly number[]): CheckedSettings {
  const problems: SettingsProblems = {};
  const scope = scopeOf(form.scope);
  // The saved filter may have been deleted since it was chosen.
  if (!scope || (scope.kind === "savedFilter" && !savedFilterIds.includes(scope.id))) {
    problems.scope = "That saved filter no longer exists. Choose what to watch.";
  }
  const minutes = wholeIn(form.atRiskMinutes, 1, 1440) ? form.atRiskMinutes : null;
  if (minutes === null) {
    problems.atRiskMinutes = "Enter a whole number of minutes from 1 to 1440 (a day).";
  }
  if (form.atRiskPercent !== null && !wholeIn(form.atRiskPercent, 1, 99)) {
    problems.atRiskPercent = "Enter a whole percentage from 1 to 99, or leave it empty for off.";
  }
  if (form.quiet) {
    if (!isClockTime(form.quietStart)) problems.quietStart = "Enter a time as HH:MM, e.g. 22:00.";
    if (!isClockTime(form.quietEnd)) problems.quietEnd = "Enter a time as HH:MM, e.g. 07:00.";
    else if (form.quietEnd === form.quietStart) {
      problems.quietEnd = "Quiet hours need an end time different from their start.";
    }
  }
  if (!scope || minutes === null || Object.keys(problems).length > 0) return { problems };
  return {
    settings: {
      enabled: form.enabled,
      scope,
      atRiskMinutes: minutes,
      atRiskPercent: form.atRiskPercent,
      quietHours: form.quiet ? { start: form.quietStart, end: form.quietEnd } : null,
      mutedPriorityIds: [...form.mutedPriorityIds],
      closeToTray: form.closeToTray,
    },
  };
}
