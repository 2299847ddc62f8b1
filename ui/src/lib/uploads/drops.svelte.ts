/**
 * Files dragged from the desktop onto the window. The shell reports where the pointer is (in
 * CSS pixels) and keeps the paths; this finds the ticket under the pointer, an element marked
 * `data-drop-ticket`, highlights it while files hover, and attaches the drop to it.
 */
import { asCommandError } from "../errors";
import { listen } from "../ipc";
import { uploads } from "./uploads.svelte";

/** The ticket marked at a point of the window, if any. */
export function ticketAt(x: number, y: number): number | null {
  const marked = document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-drop-ticket]");
  const id = Number(marked?.dataset.dropTicket);
  return Number.isInteger(id) && id > 0 ? id : null;
}

class DropStore {
  /** How many files are dragged over the window (the shell says when they enter). */
  count = $state(0);
  /** The ticket they would land on. */
  target = $state<number | null>(null);
  /** Why the last drop attached nothing. */
  error = $state<string | null>(null);
  #stop: (() => void) | null = null;

  start(): void {
    this.stop();
    this.#stop = listen("file-drop", (event) => {
      switch (event.kind) {
        case "hover":
          // Only entering names the files; moves over the window report none.
          if (event.count > 0) this.count = event.count;
          this.target = ticketAt(event.x, event.y);
          this.error = null;
          break;
        case "leave":
          this.target = null;
          break;
        case "drop":
          this.target = null;
          void this.#attach(event.dropId, ticketAt(event.x, event.y));
          break;
      }
    });
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.target = null;
  }

  async #attach(dropId: number, ticketId: number | null): Promise<void> {
    if (ticketId === null) {
      this.error = "Drop files on an open ticket or on a ticket in the queue to attach them.";
      return;
    }
    try {
      await uploads.drop(dropId, ticketId);
    } catch (failure) {
      this.error = asCommandError(failure).message;
    }
  }
}

export const drops = new DropStore();
