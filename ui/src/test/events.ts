/**
 * A stand-in for Tauri's event module under `lib/ipc`'s `listen`, so a test can fire what the
 * Rust shell announces:
 *
 *   vi.mock("@tauri-apps/api/event", () => import("../test/events"));
 *   emit("sla-status", status);
 */
import { flushSync } from "svelte";
import type { EventName, EventPayload } from "../lib/ipc";

type Handler = (event: { event: string; id: number; payload: unknown }) => void;

const handlers = new Map<string, Set<Handler>>();

/** Registers at once, as if the shell had answered before anything else could happen. */
export async function listen(name: string, handler: Handler): Promise<() => void> {
  const named = handlers.get(name) ?? new Set<Handler>();
  handlers.set(name, named);
  named.add(handler);
  return () => named.delete(handler);
}

/** Delivers an event to every listener, as the shell would, and lets the DOM catch up. */
export function emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
  for (const handler of handlers.get(name) ?? []) handler({ event: name, id: 0, payload });
  flushSync();
}

/** How many listen for `name`: a component or store that stopped has let go. */
export function listening(name: EventName): number {
  return handlers.get(name)?.size ?? 0;
}
