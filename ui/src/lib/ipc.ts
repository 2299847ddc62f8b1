/**
 * The one typed door to the Rust side. Command names and their request and response types come
 * from `bindings/Commands.ts`, and event names and their payloads from `bindings/Events.ts`,
 * both generated from halodesk-core's tables, so a call or a listener that names a missing
 * command or event, or expects the wrong shape, does not type-check.
 */
import { invoke } from "@tauri-apps/api/core";
import { listen as listenToShell } from "@tauri-apps/api/event";
import type { AppError } from "./bindings/AppError";
import type { Commands } from "./bindings/Commands";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Events } from "./bindings/Events";

export type CommandName = keyof Commands;
export type CommandRequest<K extends CommandName> = Commands[K]["request"];
export type CommandResponse<K extends CommandName> = Commands[K]["response"];
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = Events[K];

/** `ipc` marks a call that never reached a command: the bridge itself failed or refused it. */
export type CommandErrorCode = ErrorCode | "ipc";

/** A failed command, carrying the `{ code, message }` that Rust sent. */
export class CommandError extends Error {
  readonly code: CommandErrorCode;

  constructor(code: CommandErrorCode, message: string) {
    super(message);
    this.name = "CommandError";
    this.code = code;
  }
}

/** Calls a Rust command with its one typed request and resolves to its typed response. */
export async function call<K extends CommandName>(
  command: K,
  request: CommandRequest<K>,
): Promise<CommandResponse<K>> {
  try {
    return await invoke<CommandResponse<K>>(command, { request });
  } catch (error) {
    throw toCommandError(error);
  }
}

/**
 * Calls `handler` with each event of that name the Rust shell sends, until the returned stop.
 * `ready` runs once the listener is in place (or could not be placed): a state read from then
 * on misses no change, since every later one is heard.
 */
export function listen<K extends EventName>(
  name: K,
  handler: (payload: EventPayload<K>) => void,
  ready?: () => void,
): () => void {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  // Tauri registers a listener asynchronously: a stop that comes first removes it on arrival.
  listenToShell<EventPayload<K>>(name, (event) => handler(event.payload))
    .then((stop) => (stopped ? stop() : (unlisten = stop)))
    // Only a window without the Rust shell (a component test) cannot listen: nothing would be
    // announced there anyway.
    .catch(() => {})
    .finally(() => {
      if (!stopped) ready?.();
    });
  return () => {
    stopped = true;
    unlisten?.();
  };
}

function toCommandError(error: unknown): CommandError {
  if (isAppError(error)) {
    return new CommandError(error.code, error.message);
  }
  const detail =
    typeof error === "string" ? error : error instanceof Error ? error.message : String(error);
  return new CommandError(
    "ipc",
    `Halodesk's window lost contact with the app (${detail}). Restart Halodesk; if this keeps happening, report it with the details from About.`,
  );
}

function isAppError(error: unknown): error is AppError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as Record<string, unknown>).code === "string" &&
    typeof (error as Record<string, unknown>).message === "string"
  );
}
