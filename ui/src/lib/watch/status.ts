/** What the status bar and the ticket pane read from the watch's status. */
import type { WatchStatus } from "../bindings/WatchStatus";

export interface CountPart {
  tone: "breached" | "atRisk";
  text: string;
}

/** "2 breached", "5 at risk": the breached first; a zero count says nothing. */
export function countParts(status: WatchStatus | null): CountPart[] {
  const parts: CountPart[] = [];
  if (status?.breached) parts.push({ tone: "breached", text: `${status.breached} breached` });
  if (status?.atRisk) parts.push({ tone: "atRisk", text: `${status.atRisk} at risk` });
  return parts;
}

/** A time Rust sent, if it is still ahead; one already past (or unreadable) is over. */
function ahead(iso: string | null | undefined, now: number): number | null {
  const at = iso ? Date.parse(iso) : NaN;
  return at > now ? at : null;
}

/** When the pause on every notification ends, or null when none is paused. */
export function pausedUntil(status: WatchStatus | null, now: number): number | null {
  return ahead(status?.pausedUntil, now);
}

/** When this ticket's snooze ends, or null when it is not snoozed. */
export function snoozedUntil(
  status: WatchStatus | null,
  ticketId: number,
  now: number,
): number | null {
  return ahead(status?.snoozed.find((s) => s.ticketId === ticketId)?.until, now);
}
