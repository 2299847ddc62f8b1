/** The per-ticket work timers, kept by Rust so they survive a restart. */
import type { TimerOp } from "../bindings/TimerOp";
import type { TimerList } from "../bindings/TimerList";
import type { TimerView } from "../bindings/TimerView";
import { call } from "../ipc";
import { reportTrouble } from "./trouble";

class TimersStore {
  list = $state.raw<TimerView[]>([]);
  /** When `list` was read: running timers count on from here. */
  readAt = $state(0);
  running = $derived(this.list.filter((t) => t.runningSince !== null).length);
  #generation = 0;

  of(ticketId: number): TimerView | undefined {
    return this.list.find((t) => t.ticketId === ticketId);
  }

  async load(): Promise<void> {
    const generation = this.#generation;
    try {
      const list = await call("timer_list", {});
      if (generation === this.#generation) this.#apply(list);
    } catch (failure) {
      // The header shows no timer and the status bar no count: nothing else to say here.
      reportTrouble(failure);
    }
  }

  /** Starts, pauses or resets a ticket's timer; a failure is the caller's to show. */
  async update(ticketId: number, op: TimerOp): Promise<void> {
    this.#apply(await call("timer_update", { ticketId, op }));
  }

  reset(): void {
    this.#generation++;
    this.list = [];
    this.readAt = 0;
  }

  #apply(list: TimerList): void {
    this.list = list.timers;
    this.readAt = Date.now();
  }
}

export const timers = new TimersStore();
