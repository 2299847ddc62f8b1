/** The work timer as the ticket header shows it, and the minutes a note books. */
import type { TimerView } from "../bindings/TimerView";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const two = (n: number) => String(n).padStart(2, "0");

/** "00:07", "12:30", "1:02:03": minutes and seconds, with hours once there are any. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/**
 * The timer's time at `now`. Rust's `elapsedMs` already counts the running part up to when it
 * was read (`readAt`, by the same machine's clock), so only the time since then is added.
 */
export function elapsedAt(timer: TimerView, readAt: number, now: number): number {
  return timer.elapsedMs + (timer.runningSince === null ? 0 : Math.max(0, now - readAt));
}

/** The whole minutes "Log time" books: rounded up, and at least one, as Rust rounds them. */
export function minutesToLog(ms: number): number {
  return Math.max(1, Math.ceil(ms / MINUTE));
}

/** What the minutes field holds, as the whole minutes a note sends (empty or negative is 0). */
export function wholeMinutes(value: number | null): number {
  return value === null || !Number.isFinite(value) ? 0 : Math.max(0, Math.round(value));
}
