/** What the technician is looking at in the queue: a view, filters on top of it, and a sort. */
import type { QueueFilter } from "../bindings/QueueFilter";
import type { SavedFilter } from "../bindings/SavedFilter";
import { emptyFilter, type BuiltinView } from "./filter";
import { firstDirection, nextSort, type SortColumn, type SortOrder } from "./sort";

export type View = { kind: "builtin"; id: BuiltinView } | { kind: "saved"; filterId: number };

/**
 * Needs attention reads most urgent first (the header shows it as the SLA column, which is nearly
 * that order); every other view, most recently updated first.
 */
export function defaultSort(view: BuiltinView): SortOrder {
  return view === "attention"
    ? { column: "sla", direction: firstDirection("sla") }
    : { column: "updated", direction: firstDirection("updated") };
}

export class QueueQuery {
  view = $state<View>({ kind: "builtin", id: "mine" });
  filter = $state<QueueFilter>(emptyFilter());
  sort = $state<SortOrder>(defaultSort("mine"));
  /** Whether the technician picked a view yet; until then the app may pick a better one. */
  chosen = $state(false);
  /** Whether the technician picked a sort column in this view. */
  sortPicked = $state(false);
  /** Needs attention lists by time left (`sortByTimeLeft`) until a column is picked. */
  byTimeLeft = $derived(
    this.view.kind === "builtin" && this.view.id === "attention" && !this.sortPicked,
  );

  showView(id: BuiltinView): void {
    // A saved filter's criteria belong to it: leaving it leaves them too.
    if (this.view.kind === "saved") this.filter = emptyFilter();
    this.view = { kind: "builtin", id };
    this.sort = defaultSort(id);
    this.sortPicked = false;
    this.chosen = true;
  }

  showSaved(saved: SavedFilter): void {
    this.view = { kind: "saved", filterId: saved.id };
    this.filter = structuredClone(saved.filter);
    this.sort = defaultSort("open");
    this.sortPicked = false;
    this.chosen = true;
  }

  /** Opens on My tickets when there are some, else on everything open. */
  settle(hasMine: boolean): void {
    if (this.chosen) return;
    this.chosen = true;
    const id = hasMine ? "mine" : "open";
    this.view = { kind: "builtin", id };
    this.sort = defaultSort(id);
    this.sortPicked = false;
  }

  sortBy(column: SortColumn): void {
    this.sort = nextSort(this.sort, column);
    this.sortPicked = true;
  }

  clearFilters(): void {
    this.filter = emptyFilter();
  }
}
