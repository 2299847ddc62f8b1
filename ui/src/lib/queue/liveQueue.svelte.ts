/**
 * The queue of the profile in use, stale-while-revalidate: the cached snapshot paints at once,
 * then `queue_refresh` merges what changed on the instance.
 */
import type { QueueFilter } from "../bindings/QueueFilter";
import type { QueueLookups } from "../bindings/QueueLookups";
import type { QueueRow } from "../bindings/QueueRow";
import type { SavedFilter } from "../bindings/SavedFilter";
import { asCommandError } from "../errors";
import { call, type CommandError } from "../ipc";
import { applyDelta, indexRows, replaceRow } from "./rows";

const NO_LOOKUPS: QueueLookups = { statuses: [], priorities: [], teams: [], agents: [] };

export class LiveQueue {
  // Raw state: 10,000 rows are replaced whole, never mutated, so deep proxies would only cost.
  rows = $state.raw<QueueRow[]>([]);
  lookups = $state.raw<QueueLookups>(NO_LOOKUPS);
  savedFilters = $state.raw<SavedFilter[]>([]);
  syncedAt = $state<string | null>(null);
  /** The snapshot has been read (the list may still be empty). */
  loaded = $state(false);
  refreshing = $state(false);
  /** Why the last snapshot or refresh failed; the next successful refresh clears it. */
  error = $state.raw<CommandError | null>(null);
  errorDismissed = $state(false);
  indexed = $derived(indexRows(this.rows));

  async load(): Promise<void> {
    try {
      const snapshot = await call("queue_snapshot", {});
      performance.mark("halodesk:snapshot-loaded", { detail: { rows: snapshot.rows.length } });
      this.rows = snapshot.rows;
      this.lookups = snapshot.lookups;
      this.savedFilters = snapshot.savedFilters;
      this.syncedAt = snapshot.syncedAt;
    } catch (error) {
      this.#fail(error);
    }
    this.loaded = true;
    await this.refresh();
  }

  /** Asks the instance what changed; a refresh already under way answers for this one too. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const delta = await call("queue_refresh", { full: false });
      this.rows = applyDelta(this.rows, delta);
      if (delta.lookups) this.lookups = delta.lookups;
      if (delta.syncedAt) this.syncedAt = delta.syncedAt;
      this.error = null;
      this.errorDismissed = false;
    } catch (error) {
      this.#fail(error);
    } finally {
      this.refreshing = false;
    }
  }

  /** Takes in the fresher row a ticket brought when it was opened. */
  updateRow(row: QueueRow): void {
    this.rows = replaceRow(this.rows, row);
  }

  async saveFilter(name: string, filter: QueueFilter): Promise<SavedFilter | undefined> {
    const saved = await call("filter_save", { name, filter });
    this.savedFilters = saved.filters;
    // The newest filter of that name is the one just saved.
    return saved.filters.filter((f) => f.name === name).sort((a, b) => b.id - a.id)[0];
  }

  async deleteFilter(filterId: number): Promise<void> {
    const saved = await call("filter_delete", { filterId });
    this.savedFilters = saved.filters;
  }

  /** Connection trouble another command met: the banner and status bar say it as for a refresh. */
  report(error: CommandError): void {
    this.#fail(error);
  }

  dismissError(): void {
    this.errorDismissed = true;
  }

  #fail(error: unknown): void {
    const failure = asCommandError(error);
    // The same trouble again stays dismissed; a different one is news.
    if (this.error?.code !== failure.code) this.errorDismissed = false;
    this.error = failure;
  }
}
