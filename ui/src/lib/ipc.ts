/**
 * The one typed door to the Rust side. Command names and their request and response types come
 * from `bindings/Commands.ts`, generated from halodesk-core's command table, so a call that
 * names a missing command or passes the wrong shape does not type-check.
 */
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { Commands } from "./bindings/Commands";
import type { ErrorCode } from "./bindings/ErrorCode";

export type CommandName = keyof Commands;
export type CommandRequest<K extends CommandName> = Commands[K]["request"];
export type CommandResponse<K extends CommandName> = Commands[K]["response"];

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
