/**
 * Sorting the queue by a column. Keys are taken from the indexed rows once per sort, then
 * compared as plain strings and numbers: no `localeCompare` in the hot loop.
 */
import type { QueueLookups } from "../bindings/QueueLookups";
import type { IndexedRow } from "./rows";

export type SortColumn =
  "id" | "summary" | "client" | "status" | "priority" | "agent" | "sla" | "updated";

export type SortDirection = "asc" | "desc";

export interface SortOrder {
  column: SortColumn;
  direction: SortDirection;
}

/** What a column sorts by when first clicked: the newest, the soonest due, else A to Z. */
export function firstDirection(column: SortColumn): SortDirection {
  return column === "updated" ? "desc" : "asc";
}

/** Clicking the sorted column turns it round; another column starts in its own direction. */
export function nextSort(current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) {
    return { column, direction: current.direction === "asc" ? "desc" : "asc" };
  }
  return { column, direction: firstDirection(column) };
}

// Blank text sorts after every name, whichever way: an unassigned agent is not "A".
const BLANK_LAST = "\uffff";

type Key = string | number;

function keyOf(column: SortColumn, lookups: QueueLookups): (row: IndexedRow) => Key {
  switch (column) {
    case "id":
      return ({ row }) => row.id;
    case "summary":
      return ({ summaryKey }) => summaryKey || BLANK_LAST;
    case "client":
      return ({ clientKey }) => clientKey || BLANK_LAST;
    case "agent":
      return ({ agentKey }) => agentKey || BLANK_LAST;
    case "status":
      return ({ statusKey }) => statusKey || BLANK_LAST;
    case "priority": {
      // Halo lists priorities from most to least urgent: that order is the one that means something.
      const rank = new Map(lookups.priorities.map((p, i) => [p.id, i]));
      return ({ row }) =>
        row.priorityId === null ? Infinity : (rank.get(row.priorityId) ?? Infinity);
    }
    case "sla":
      return ({ dueMs }) => dueMs;
    case "updated":
      return ({ updatedMs }) => updatedMs;
  }
}

export function sortRows(
  rows: readonly IndexedRow[],
  order: SortOrder,
  lookups: QueueLookups,
): IndexedRow[] {
  const key = keyOf(order.column, lookups);
  const sign = order.direction === "asc" ? 1 : -1;
  const keyed = rows.map((row) => ({ key: key(row), row }));
  keyed.sort((a, b) => {
    if (a.key < b.key) return -sign;
    if (a.key > b.key) return sign;
    // Equal keys keep a stable, meaningful order: by ticket ID.
    return (a.row.row.id - b.row.row.id) * sign;
  });
  return keyed.map(({ row }) => row);
}

/**
 * Needs attention's own order: breached first, the most overdue first, then the rest by the time
 * left, soonest first. Breached is as of `now`, so a clock that ran out since the last sync counts
 * without waiting for the next; a breach with no known deadline follows those with one.
 */
export function sortByTimeLeft(rows: readonly IndexedRow[], now: number): IndexedRow[] {
  const keyed = rows.map((row) => ({
    breached: row.row.sla.state === "breached" || row.dueMs <= now,
    row,
  }));
  keyed.sort((a, b) => {
    if (a.breached !== b.breached) return a.breached ? -1 : 1;
    if (a.row.dueMs < b.row.dueMs) return -1;
    if (a.row.dueMs > b.row.dueMs) return 1;
    return a.row.row.id - b.row.row.id;
  });
  return keyed.map(({ row }) => row);
}
