/** The workflow forms' picklists, arranged the way the technician chooses from them. */
import type { PriorityOption } from "../bindings/PriorityOption";
import type { StatusMeaning } from "../bindings/StatusMeaning";
import type { StatusOption } from "../bindings/StatusOption";
import type { UserOption } from "../bindings/UserOption";

export const MEANING_LABELS: Record<StatusMeaning, string> = {
  new: "New",
  inProgress: "In progress",
  waiting: "Waiting",
  closed: "Resolved or closed",
};

const MEANING_ORDER: StatusMeaning[] = ["new", "inProgress", "waiting", "closed"];

export interface StatusGroup {
  meaning: StatusMeaning;
  label: string;
  statuses: StatusOption[];
}

/** Statuses grouped by what they mean, in the order a ticket moves through them. */
export function statusGroups(statuses: readonly StatusOption[]): StatusGroup[] {
  return MEANING_ORDER.map((meaning) => ({
    meaning,
    label: MEANING_LABELS[meaning],
    statuses: statuses.filter((s) => s.meaning === meaning),
  })).filter((group) => group.statuses.length > 0);
}

/**
 * The priorities an escalation may raise the ticket to: strictly more urgent than its own.
 * From no priority, or one not on the list, any is a raise, as Rust's check has it.
 */
export function moreUrgentThan(
  priorities: readonly PriorityOption[],
  currentId: number | null,
): PriorityOption[] {
  const current = priorities.find((p) => p.id === currentId);
  const raises = current ? priorities.filter((p) => p.urgency < current.urgency) : [...priorities];
  return raises.sort((a, b) => a.urgency - b.urgency);
}

/** The client's users at the chosen site; all of them until a site is chosen. */
export function usersAtSite(users: readonly UserOption[], siteId: number | null): UserOption[] {
  return siteId === null ? [...users] : users.filter((u) => u.siteId === siteId);
}
