/**
 * What the Rust shell tells the window unasked: a notification was clicked, the watch's counts
 * changed, an upload moved on, files are dragged over the window. Every listener goes through
 * here, so a test can put `test/events.ts` in its place and
 * fire these itself.
 */
import { listen } from "@tauri-apps/api/event";
import type { FileDropEvent } from "../bindings/FileDropEvent";
import type { OpenTicketEvent } from "../bindings/OpenTicketEvent";
import type { UploadItem } from "../bindings/UploadItem";
import type { WatchStatus } from "../bindings/WatchStatus";

export interface WatchEvents {
  /** The technician clicked a notification: show that ticket, and its escalation if asked. */
  "sla-open-ticket": OpenTicketEvent;
  /** The counts at risk or breached, or the pause or a snooze, changed. */
  "sla-status": WatchStatus;
  /** An upload was queued, moved on, finished or failed: its whole row. */
  "upload-changed": UploadItem;
  /** Files are dragged over the window, left it, or were dropped (CSS pixels). */
  "file-drop": FileDropEvent;
}

export type WatchEventName = keyof WatchEvents;

/** Calls `handler` with each event of that name until the returned stop. */
export function onWatchEvent<K extends WatchEventName>(
  name: K,
  handler: (payload: WatchEvents[K]) => void,
): () => void {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  // Tauri registers a listener asynchronously: a stop that comes first removes it on arrival.
  listen<WatchEvents[K]>(name, (event) => handler(event.payload))
    .then((stop) => (stopped ? stop() : (unlisten = stop)))
    // Only a window without the Rust shell (a component test) cannot listen: nothing would be
    // announced there, and the status bar reads the counts each minute anyway.
    .catch(() => {});
  return () => {
    stopped = true;
    unlisten?.();
  };
}
