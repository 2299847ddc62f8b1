/**
 * The choices the filter popovers offer: the instance's lookups, plus any value a row carries
 * that the lookups do not list (an agent since removed, a client only rows name).
 */
import type { Choice } from "../bindings/Choice";
import type { QueueRow } from "../bindings/QueueRow";
import type { StatusChoice } from "../bindings/StatusChoice";

export interface FilterOption<T extends string | number> {
  value: T;
  name: string;
  /** A CSS colour to show beside the name, or empty. */
  colour: string;
}

function byName<T extends string | number>(a: FilterOption<T>, b: FilterOption<T>): number {
  return a.name.localeCompare(b.name);
}

/** Lookups first, in the instance's order; values only rows know follow, by name. */
function merged<T extends string | number>(
  listed: readonly FilterOption<T>[],
  rows: readonly QueueRow[],
  valueOf: (row: QueueRow) => T | null,
  nameOf: (row: QueueRow) => string,
): FilterOption<T>[] {
  const seen = new Set(listed.map((o) => o.value));
  const extra = new Map<T, FilterOption<T>>();
  for (const row of rows) {
    const value = valueOf(row);
    if (value === null || value === "" || seen.has(value) || extra.has(value)) continue;
    extra.set(value, { value, name: nameOf(row), colour: "" });
  }
  return [...listed, ...[...extra.values()].sort(byName)];
}

export function statusOptions(statuses: readonly StatusChoice[], rows: readonly QueueRow[]) {
  const open = statuses
    .filter((s) => !s.closed)
    .map((s) => ({ value: s.id, name: s.name, colour: s.colour }));
  const openRows = rows.filter((row) => !row.closed);
  return merged(
    open,
    openRows,
    (r) => r.statusId,
    (r) => r.statusName,
  );
}

export function priorityOptions(priorities: readonly Choice[], rows: readonly QueueRow[]) {
  const listed = priorities.map((p) => ({ value: p.id, name: p.name, colour: p.colour }));
  return merged(
    listed,
    rows,
    (r) => r.priorityId,
    (r) => r.priorityName,
  );
}

export function agentOptions(agents: readonly Choice[], rows: readonly QueueRow[]) {
  const listed = agents.map((a) => ({ value: a.id, name: a.name, colour: "" })).sort(byName);
  return merged(
    listed,
    rows,
    (r) => r.agentId,
    (r) => r.agentName,
  );
}

export function teamOptions(teams: readonly Choice[], rows: readonly QueueRow[]) {
  // Tickets name their team rather than number it, so a team's value is its name.
  const listed = teams.map((t) => ({ value: t.name, name: t.name, colour: "" })).sort(byName);
  return merged<string>(
    listed,
    rows,
    (r) => r.teamName,
    (r) => r.teamName,
  );
}

/** Clients come from the rows alone: the instance's client list can run to thousands. */
export function clientOptions(rows: readonly QueueRow[]) {
  return merged<number>(
    [],
    rows,
    (r) => r.clientId,
    (r) => r.clientName,
  );
}
