/**
 * The watch's times as a technician reads and picks them: the computer's wall clock, 24-hour
 * "HH:MM" as quiet hours are written, and "until tomorrow morning" worked out in minutes, which
 * is what Rust's snooze and pause take.
 */
const MINUTE = 60_000;

/** Where "until tomorrow" ends: the start of a working day. */
export const MORNING = "08:00";
const MORNING_HOUR = 8;

/** Whole minutes from `now` to 08:00 tomorrow, rounded up so a pause never ends early. */
export function minutesUntilTomorrowMorning(now: number): number {
  // Local calendar arithmetic, so a night that gains or loses an hour still ends at 08:00.
  const morning = new Date(now);
  morning.setDate(morning.getDate() + 1);
  morning.setHours(MORNING_HOUR, 0, 0, 0);
  return Math.ceil((morning.getTime() - now) / MINUTE);
}

function hhmm(at: Date): string {
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

function dayNumber(at: Date): number {
  return Date.UTC(at.getFullYear(), at.getMonth(), at.getDate()) / (24 * 60 * MINUTE);
}

const shortDate = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

/** When a pause or snooze ends: "14:30" today, "tomorrow 08:00", else "14 Mar 09:00". */
export function untilText(until: number, now: number): string {
  const at = new Date(until);
  const days = dayNumber(at) - dayNumber(new Date(now));
  if (days === 0) return hhmm(at);
  if (days === 1) return `tomorrow ${hhmm(at)}`;
  return `${shortDate.format(at)} ${hhmm(at)}`;
}

/** "HH:MM", 24-hour, as quiet hours are stored. */
export function isClockTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}
