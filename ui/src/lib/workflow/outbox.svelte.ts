/**
 * The outbox as the status bar shows it: every write waits here until HaloPSA has it. Rust
 * sends the active profile's whole list as an `outbox-changed` event after every change of it;
 * the list is also read once per profile, for what changed before the window listened, and once
 * after each write. A write seen waiting and then delivered is announced, so whatever shows its
 * ticket can read it again.
 */
import type { OutboxItem } from "../bindings/OutboxItem";
import type { OutboxList } from "../bindings/OutboxList";
import type { OutboxState } from "../bindings/OutboxState";
import { call, listen } from "../ipc";
import { announceDraftsRestored } from "./drafts.svelte";
import { failureText } from "./trouble";

export const READ_RETRY_MS = 2_000;

class OutboxStore {
  items = $state.raw<OutboxItem[]>([]);
  /** Not delivered yet, refused ones included. */
  pending = $state(0);
  error = $state<string | null>(null);

  /** The state each write was last seen in, to notice the moment it is delivered. */
  #seen: Record<number, OutboxState> = {};
  #listeners = new Set<(item: OutboxItem) => void>();
  #profileId: number | null = null;
  #stop: (() => void) | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /**
   * Bumped by each list Rust sends and by each profile: a command's answer read before either
   * is older than what shows, and is dropped.
   */
  #version = 0;

  /** Follows the outbox of the profile in use until `stop`. */
  start(profileId: number): void {
    this.stop();
    this.#profileId = profileId;
    this.#stop = listen(
      "outbox-changed",
      (list) => {
        // Another connection's list, sent as a switch settles, is not this one's.
        if (list.profileId !== this.#profileId) return;
        this.#version++;
        this.#apply(list);
      },
      // What happened before the window listened is read once it listens.
      () => void this.#read(),
    );
  }

  /** Another profile, or none: nothing of the last one's outbox shows or is read. */
  stop(): void {
    this.#version++;
    this.#stop?.();
    this.#stop = null;
    this.#profileId = null;
    clearTimeout(this.#retry);
    this.#seen = {};
    this.items = [];
    this.pending = 0;
    this.error = null;
  }

  /**
   * A write command answered: remember where its write stood, and look at the list. The answer
   * may come after the events that followed it (a write delivered just as its command stopped
   * waiting): the list then announces the delivery to whoever made the write.
   */
  afterWrite(item: OutboxItem): void {
    this.#seen[item.id] = item.state;
    void this.#read();
  }

  async retry(id: number): Promise<void> {
    const version = this.#version;
    this.#answered(version, await call("outbox_retry", { id }));
  }

  /** Takes a write back; its text returns to the draft of the form it was typed in. */
  async discard(id: number): Promise<void> {
    const version = this.#version;
    const list = await call("outbox_discard", { id });
    delete this.#seen[id];
    this.#answered(version, list);
    announceDraftsRestored();
  }

  /** Calls `listener` with each write delivered from now on; returns what stops it. */
  onDelivered(listener: (item: OutboxItem) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #read(): Promise<void> {
    const version = this.#version;
    try {
      this.#answered(version, await call("outbox_list", {}));
    } catch (failure) {
      if (version !== this.#version) return;
      this.error = failureText(failure);
      clearTimeout(this.#retry);
      // After a failed read the count is stale: keep reading until one works, or Rust sends it.
      this.#retry = setTimeout(() => void this.#read(), READ_RETRY_MS);
    }
  }

  #answered(version: number, list: OutboxList): void {
    if (version === this.#version && list.profileId === this.#profileId) this.#apply(list);
  }

  #apply(list: OutboxList): void {
    clearTimeout(this.#retry);
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
  }
}

export const outbox = new OutboxStore();
