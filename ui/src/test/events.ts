/**
 * A stand-in for `lib/watch/events`, so a test can fire what the Rust shell announces:
 *
 *   vi.mock("../lib/watch/events", () => import("../test/events"));
 *   emit("sla-status", status);
 */
import { flushSync } from "svelte";
import type { WatchEventName, WatchEvents } from "../lib/watch/events";

type Listener = (payload: never) => void;

const listeners = new Map<WatchEventName, Set<Listener>>();

export function onWatchEvent<K extends WatchEventName>(
  name: K,
  handler: (payload: WatchEvents[K]) => void,
): () => void {
  const named = listeners.get(name) ?? new Set<Listener>();
  listeners.set(name, named);
  named.add(handler);
  return () => named.delete(handler);
}

/** Delivers an event to every listener, as the shell would, and lets the DOM catch up. */
export function emit<K extends WatchEventName>(name: K, payload: WatchEvents[K]): void {
  for (const listener of listeners.get(name) ?? [])
    (listener as (p: WatchEvents[K]) => void)(payload);
  flushSync();
}

/** How many listen for `name`: a component or store that stopped has let go. */
export function listening(name: WatchEventName): number {
  return listeners.get(name)?.size ?? 0;
}
