/**
 * Which rows a view and a set of filters let through. Everything here is synchronous and
 * allocation-light, because it runs on every keystroke in the search box.
 */
import type { AgentSummary } from "../bindings/AgentSummary";
import type { QueueFilter } from "../bindings/QueueFilter";
import type { IndexedRow } from "./rows";

/** The sidebar's fixed views; saved filters come after them. */
export type BuiltinView = "mine" | "teams" | "unassigned" | "open" | "attention";

export const BUILTIN_VIEWS: readonly BuiltinView[] = [
  "mine",
  "teams",
  "unassigned",
  "open",
  "attention",
];

export type RowTest = (row: IndexedRow) => boolean;

export function emptyFilter(): QueueFilter {
  return { statusIds: [], priorityIds: [], clientIds: [], teamNames: [], agentIds: [], search: "" };
}

export function isFilterEmpty(filter: QueueFilter): boolean {
  return (
    filter.statusIds.length === 0 &&
    filter.priorityIds.length === 0 &&
    filter.clientIds.length === 0 &&
    filter.teamNames.length === 0 &&
    filter.agentIds.length === 0 &&
    filter.search.trim() === ""
  );
}

/** Lowercased words of the search; a leading `#` is dropped so "#1234" finds ticket 1234. */
export function searchTerms(search: string): string[] {
  return search
    .toLowerCase()
    .split(/\s+/)
    .map((term) => term.replace(/^#/, ""))
    .filter((term) => term !== "");
}

function oneOf<T>(values: readonly T[]): ((value: T) => boolean) | null {
  if (values.length === 0) return null;
  const set = new Set(values);
  return (value) => set.has(value);
}

/** A test for the technician's filters: every non-empty list must match, and every word. */
export function filterTest(filter: QueueFilter): RowTest {
  const status = oneOf<number | null>(filter.statusIds);
  const priority = oneOf<number | null>(filter.priorityIds);
  const client = oneOf<number | null>(filter.clientIds);
  const team = oneOf(filter.teamNames);
  const agent = oneOf<number | null>(filter.agentIds);
  const terms = searchTerms(filter.search);
  return ({ row, searchKey }) =>
    (!status || status(row.statusId)) &&
    (!priority || priority(row.priorityId)) &&
    (!client || client(row.clientId)) &&
    (!team || team(row.teamName)) &&
    (!agent || agent(row.agentId)) &&
    terms.every((term) => searchKey.includes(term));
}

/** A test for one sidebar view; none of them lists closed tickets. */
export function viewTest(view: BuiltinView, me: AgentSummary): RowTest {
  switch (view) {
    case "mine":
      return ({ row }) => !row.closed && row.agentId === me.id;
    case "teams":
      return ({ row }) => !row.closed && row.teamName === me.teamName;
    case "unassigned":
      return ({ row }) => !row.closed && row.agentId === null;
    case "open":
      return ({ row }) => !row.closed;
    case "attention":
      return ({ row, needsAttention }) => !row.closed && needsAttention;
  }
}

export function bothTests(first: RowTest, second: RowTest): RowTest {
  return (row) => first(row) && second(row);
}

/** Every builtin view's count in one pass over the rows. */
export function countViews(
  rows: readonly IndexedRow[],
  me: AgentSummary,
): Record<BuiltinView, number> {
  const counts = { mine: 0, teams: 0, unassigned: 0, open: 0, attention: 0 };
  for (const { row, needsAttention } of rows) {
    if (row.closed) continue;
    counts.open++;
    if (row.agentId === me.id) counts.mine++;
    if (row.teamName === me.teamName) counts.teams++;
    if (row.agentId === null) counts.unassigned++;
    if (needsAttention) counts.attention++;
  }
  return counts;
}

export function countMatching(rows: readonly IndexedRow[], test: RowTest): number {
  let count = 0;
  for (const row of rows) if (test(row)) count++;
  return count;
}
