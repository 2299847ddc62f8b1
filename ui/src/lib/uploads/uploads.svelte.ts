/**
 * The upload queue as the window shows it. Rust stores, sends and retries each file; it
 * announces every change as an `upload-changed` event carrying the whole row, so the window
 * only keeps the latest row per upload. The list is read once per profile, for uploads queued
 * before the window listened (a restart resumes them).
 */
import type { UploadItem } from "../bindings/UploadItem";
import type { UploadList } from "../bindings/UploadList";
import type { UploadOptions } from "../bindings/UploadOptions";
import { call, listen } from "../ipc";
import { reportTrouble } from "../workflow/trouble";

const NO_OPTIONS: UploadOptions = { note: "", visibleToUser: false };

class UploadStore {
  items = $state.raw<Record<number, UploadItem>>({});
  /** The open ticket's note and visibility for the next files attached to it. */
  next = $state<UploadOptions & { ticketId: number | null }>({ ticketId: null, ...NO_OPTIONS });
  #stop: (() => void) | null = null;
  #landed = new Set<(item: UploadItem) => void>();

  #profileId: number | null = null;

  /** Follows the uploads of the profile in use until `stop`. */
  start(profileId: number): void {
    this.stop();
    this.#profileId = profileId;
    // What was queued before the window listened is read once it listens.
    this.#stop = listen(
      "upload-changed",
      (item) => this.#put(item),
      () =>
        void call("upload_list", { ticketId: null })
          .then((list) => this.#merge(list))
          .catch(reportTrouble),
    );
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.#profileId = null;
    this.items = {};
  }

  /** The ticket's uploads, oldest first. */
  forTicket(ticketId: number): UploadItem[] {
    return Object.values(this.items)
      .filter((item) => item.ticketId === ticketId)
      .sort((a, b) => a.id - b.id);
  }

  /** Calls `listener` with each upload that lands, until the returned stop. */
  onLanded(listener: (item: UploadItem) => void): () => void {
    this.#landed.add(listener);
    return () => this.#landed.delete(listener);
  }

  /** Files dropped on a ticket (the shell holds their paths under `dropId`). */
  async drop(dropId: number, ticketId: number): Promise<void> {
    await this.#with(ticketId, (options) => call("upload_drop", { dropId, ticketId, options }));
  }

  /** The clipboard's image, as a PNG. */
  async paste(ticketId: number): Promise<void> {
    await this.#with(ticketId, (options) => call("upload_paste", { ticketId, options }));
  }

  /** Files chosen in the system's dialog. */
  async pick(ticketId: number): Promise<void> {
    await this.#with(ticketId, (options) => call("upload_pick", { ticketId, options }));
  }

  /**
   * Sends the note and visibility typed for this ticket with one batch of files, then clears
   * them, so a later screenshot is never shown to the end user by accident. A batch that
   * failed (no image on the clipboard) leaves them as typed.
   */
  async #with(
    ticketId: number,
    send: (options: UploadOptions) => Promise<UploadList>,
  ): Promise<void> {
    const mine = this.next.ticketId === ticketId;
    const options = mine
      ? { note: this.next.note, visibleToUser: this.next.visibleToUser }
      : NO_OPTIONS;
    const list = await send(options);
    if (mine && this.next.ticketId === ticketId) {
      this.next.note = "";
      this.next.visibleToUser = false;
    }
    this.#merge(list);
  }

  async cancel(id: number): Promise<void> {
    this.#merge(await call("upload_cancel", { id }));
  }

  async retry(id: number): Promise<void> {
    this.#merge(await call("upload_retry", { id }));
  }

  /** Takes the ticket's finished uploads off its list. */
  async clear(ticketId: number): Promise<void> {
    const list = await call("upload_clear", { ticketId });
    const kept = Object.values(this.items).filter((item) => item.ticketId !== ticketId);
    this.items = Object.fromEntries([...kept, ...list.items].map((item) => [item.id, item]));
  }

  #merge(list: UploadList): void {
    for (const item of list.items) this.#put(item);
  }

  /**
   * Keeps the newer of two copies of a row: events and commands' answers may arrive in either
   * order. Rust numbers every change of a row; within one, progress only grows.
   */
  #put(item: UploadItem): void {
    // Another connection's upload, still finishing after a switch, is not this one's.
    if (item.profileId !== this.#profileId) return;
    const known = this.items[item.id];
    const older =
      known !== undefined &&
      (known.revision > item.revision ||
        (known.revision === item.revision && known.sentBytes > item.sentBytes));
    if (older) return;
    this.items = { ...this.items, [item.id]: item };
    if (item.state === "done" && known?.state !== "done") {
      for (const listener of this.#landed) listener(item);
    }
  }
}

export const uploads = new UploadStore();
