/** How the outbox and a write's answer read, in plain words. */
import type { OutboxItem } from "../bindings/OutboxItem";
import type { OutboxState } from "../bindings/OutboxState";

const clockTime = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** "14:05", in the technician's own clock. */
export function formatClock(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? "" : clockTime.format(at);
}

/** Where a write stands: "Queued", "Will retry at 14:05: HaloPSA did not answer.", "Sent". */
export function stateText(item: OutboxItem, clock: (iso: string) => string = formatClock): string {
  const reason = item.lastError ? `: ${item.lastError}` : "";
  switch (item.state) {
    case "queued":
      return "Queued";
    case "sending":
      return "Sending…";
    case "retrying": {
      const at = item.nextAttemptAt ? clock(item.nextAttemptAt) : "";
      return `${at ? `Will retry at ${at}` : "Will retry soon"}${reason}`;
    }
    case "unknown":
      return "Checking whether it arrived";
    case "rejected":
      return `Refused${reason || ": HaloPSA gave no reason"}`;
    case "delivered":
      return "Sent";
  }
}

/** Retry sends it now: worth offering once a write has failed or its fate is unknown. */
export function canRetry(state: OutboxState): boolean {
  return state === "retrying" || state === "unknown" || state === "rejected";
}

/** Only a write that is not going out, and is known not to have arrived, can be taken back. */
export function canDiscard(state: OutboxState): boolean {
  return state === "queued" || state === "retrying" || state === "rejected";
}

/** `refused` needs the technician; `unknown` is being checked; `waiting` only waits. */
export type OutboxTone = "waiting" | "unknown" | "refused";

export function outboxTone(items: readonly OutboxItem[]): OutboxTone {
  if (items.some((i) => i.state === "rejected")) return "refused";
  if (items.some((i) => i.state === "unknown")) return "unknown";
  return "waiting";
}

export function pendingText(pending: number): string {
  return `${pending} waiting to send`;
}

export interface WriteNotice {
  text: string;
  tone: "sent" | "waiting" | "refused";
}

/** What a form says once its write is stored. Queued for later is not an error. */
export function writeNotice(item: OutboxItem): WriteNotice {
  switch (item.state) {
    case "delivered":
      return { text: "Sent to HaloPSA.", tone: "sent" };
    case "sending":
      return { text: "Sending…", tone: "waiting" };
    case "queued":
    case "retrying":
      return { text: "Saved — will send when HaloPSA is reachable.", tone: "waiting" };
    case "unknown":
      return {
        text: "Sent, but the answer was lost: Halodesk is checking whether it arrived.",
        tone: "waiting",
      };
    case "rejected":
      return {
        text: `HaloPSA refused it${item.lastError ? `: ${item.lastError}` : "."} It waits in the outbox in the status bar: retry or discard it there.`,
        tone: "refused",
      };
  }
}
