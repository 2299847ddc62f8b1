/**
 * How times read in the queue and the ticket pane. `now` is always passed in, so the text is
 * testable and re-renders from one minute clock.
 */
import type { SlaBadge } from "../bindings/SlaBadge";
import type { SlaBadgeState } from "../bindings/SlaBadgeState";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2d 3h", "2h 10m", "45m", "<1m". */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return "<1m";
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}

function startOfDay(ms: number): number {
  const day = new Date(ms);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

const shortDate = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const longDate = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  year: "numeric",
});
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then a date. */
export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return "—";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "—";
  const ago = now - at;
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  const today = startOfDay(now);
  if (at >= today) return `${Math.floor(ago / HOUR)} h ago`;
  const days = Math.round((today - startOfDay(at)) / DAY);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return (new Date(at).getFullYear() === new Date(now).getFullYear() ? shortDate : longDate).format(
    at,
  );
}

/** A full date and time for tooltips and the ticket's fields. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  const at = Date.parse(iso);
  return Number.isNaN(at) ? "—" : dateTime.format(at);
}

/**
 * The badge's state as of `now`: a clock that ran out since the last sync reads as breached
 * without waiting for the next one.
 */
export function liveSlaState(badge: SlaBadge, now: number): SlaBadgeState {
  if ((badge.state === "onTrack" || badge.state === "atRisk") && badge.dueAt) {
    if (Date.parse(badge.dueAt) <= now) return "breached";
  }
  return badge.state;
}

const PLAIN_LABELS: Record<SlaBadgeState, string> = {
  none: "No SLA",
  notStarted: "Not started",
  paused: "Paused",
  met: "Met",
  onTrack: "On track",
  atRisk: "At risk",
  breached: "Breached",
};

/** "2h 10m left", "45m left", "overdue 1h 5m"; states without a running clock say what they are. */
export function slaLabel(badge: SlaBadge, now: number): string {
  const running =
    badge.state === "onTrack" || badge.state === "atRisk" || badge.state === "breached";
  const due = badge.dueAt ? Date.parse(badge.dueAt) : NaN;
  if (!running || Number.isNaN(due)) return PLAIN_LABELS[badge.state];
  const left = due - now;
  return left > 0 ? `${formatDuration(left)} left` : `overdue ${formatDuration(-left)}`;
}

/** "840 B", "12.4 KB", "3.1 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "1.5 h", "0.25 h": Halo's own unit for time taken. */
export function formatHours(hours: number): string {
  return `${Number(hours.toFixed(2))} h`;
}
