/**
 * Where a ticket a notification names is shown. The view on screen keeps it when it lists the
 * ticket; otherwise All open, without filters, does. A closed ticket, or one the cache does not
 * have yet, is in no view: the pane opens on it over whatever the list shows.
 */
import type { RowTest } from "../queue/filter";
import type { IndexedRow } from "../queue/rows";

export type RevealIn = "here" | "allOpen";

export function revealIn(row: IndexedRow | undefined, listedHere: RowTest): RevealIn {
  if (!row || row.row.closed || listedHere(row)) return "here";
  return "allOpen";
}
