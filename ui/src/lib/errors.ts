/** Errors as the UI reacts to them: always a `CommandError`, whatever was thrown. */
import { CommandError } from "./ipc";

export function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  return new CommandError("ipc", error instanceof Error ? error.message : String(error));
}
