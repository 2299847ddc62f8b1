/**
 * The SLA watch as the window sees it. Rust runs the watch (in the tray too); the window shows
 * its counts, the pause and the snoozes. Rust announces each change; the status is also read
 * once a minute, in case an announcement came while nothing listened.
 */
import type { WatchStatus } from "../bindings/WatchStatus";
import { call, listen } from "../ipc";
import { reportTrouble } from "../workflow/trouble";

export const STATUS_EVERY_MS = 60_000;

class WatchStore {
  status = $state.raw<WatchStatus | null>(null);
  /** Bumped per profile: an answer for the last one is dropped. */
  #generation = 0;
  #stop: (() => void) | null = null;

  /** Follows the status of the profile in use until `stop`. */
  start(): void {
    this.stop();
    const generation = this.#generation;
    const unlisten = listen("sla-status", (status) => this.#apply(generation, status));
    const timer = setInterval(() => void this.refresh(), STATUS_EVERY_MS);
    this.#stop = () => {
      unlisten();
      clearInterval(timer);
    };
    void this.refresh();
  }

  stop(): void {
    this.#generation++;
    this.#stop?.();
    this.#stop = null;
    this.status = null;
  }

  async refresh(): Promise<void> {
    const generation = this.#generation;
    try {
      this.#apply(generation, await call("watch_status", {}));
    } catch (failure) {
      // The status bar then shows no counts: nothing else to say here.
      reportTrouble(failure);
    }
  }

  /** Silences one ticket for `minutes`; 0 ends its snooze. A failure is the caller's to show. */
  async snooze(ticketId: number, minutes: number): Promise<void> {
    const generation = this.#generation;
    this.#apply(generation, await call("watch_snooze", { ticketId, minutes }));
  }

  /** Pauses every notification for `minutes`; `null` resumes them. */
  async pause(minutes: number | null): Promise<void> {
    const generation = this.#generation;
    this.#apply(generation, await call("watch_pause", { minutes }));
  }

  #apply(generation: number, status: WatchStatus): void {
    if (generation === this.#generation) this.status = status;
  }
}

export const watch = new WatchStore();
