/**
 * The outbox as the status bar shows it: every write waits here until HaloPSA has it. While
 * anything waits it is read every two seconds, and once after every write. A write seen
 * waiting and then delivered is announced, so whatever shows its ticket can read it again.
 */
import type { OutboxItem } from "../bindings/OutboxItem";
import type { OutboxList } from "../bindings/OutboxList";
import type { OutboxState } from "../bindings/OutboxState";
import { call } from "../ipc";
import { announceDraftsRestored } from "./drafts.svelte";
import { failureText } from "./trouble";

export const POLL_MS = 2_000;

class OutboxStore {
  items = $state.raw<OutboxItem[]>([]);
  /** Not delivered yet, refused ones included. */
  pending = $state(0);
  error = $state<string | null>(null);

  /** The state each write was last seen in, to notice the moment it is delivered. */
  #seen: Record<number, OutboxState> = {};
  #listeners = new Set<(item: OutboxItem) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  async refresh(): Promise<void> {
    const generation = this.#generation;
    try {
      const list = await call("outbox_list", {});
      if (generation === this.#generation) this.#apply(list);
    } catch (failure) {
      if (generation !== this.#generation) return;
      this.error = failureText(failure);
      this.#poll();
    }
  }

  /** A write command answered: remember where its write stood, and look at the list. */
  afterWrite(item: OutboxItem): void {
    this.#seen[item.id] = item.state;
    void this.refresh();
  }

  async retry(id: number): Promise<void> {
    this.#apply(await call("outbox_retry", { id }));
  }

  /** Takes a write back; its text returns to the draft of the form it was typed in. */
  async discard(id: number): Promise<void> {
    const list = await call("outbox_discard", { id });
    delete this.#seen[id];
    this.#apply(list);
    announceDraftsRestored();
  }

  /** Calls `listener` with each write delivered from now on; returns what stops it. */
  onDelivered(listener: (item: OutboxItem) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Another profile, or none: nothing of the last one's outbox shows or polls. */
  reset(): void {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#seen = {};
    this.items = [];
    this.pending = 0;
    this.error = null;
  }

  #apply(list: OutboxList): void {
    const arrived = list.items.filter((item) => {
      const before = this.#seen[item.id];
      return item.state === "delivered" && before !== undefined && before !== "delivered";
    });
    // A write stored after this list was read is not in it yet: keep watching for it.
    const seen = Object.fromEntries(
      Object.entries(this.#seen).filter(([, state]) => state !== "delivered"),
    );
    for (const item of list.items) seen[item.id] = item.state;
    this.#seen = seen;
    this.items = list.items;
    this.pending = list.pending;
    this.error = null;
    for (const item of arrived) for (const listener of this.#listeners) listener(item);
    this.#poll();
  }

  #poll(): void {
    clearTimeout(this.#timer);
    // After a failed read the count is stale: keep reading until one works.
    if (this.pending > 0 || this.error !== null)
      this.#timer = setTimeout(() => void this.refresh(), POLL_MS);
  }
}

export const outbox = new OutboxStore();
