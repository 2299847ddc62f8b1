/**
 * Where workflow errors go. Trouble with the connection (offline, an expired sign-in, a rate
 * limit) belongs to the whole app: it also goes to the banner, which says what Halodesk does
 * about it. The form that met it still says its action did not happen, next to its button.
 */
import { asCommandError } from "../errors";
import type { CommandError, CommandErrorCode } from "../ipc";

const CONNECTIVITY: ReadonlySet<CommandErrorCode> = new Set([
  "offline",
  "unauthorized",
  "rateLimited",
]);

let report: ((error: CommandError) => void) | null = null;

export function isConnectivity(error: CommandError): boolean {
  return CONNECTIVITY.has(error.code);
}

/** Sends connection trouble to `listener` (the banner's owner) until the returned stop. */
export function onTrouble(listener: (error: CommandError) => void): () => void {
  report = listener;
  return () => {
    if (report === listener) report = null;
  };
}

/** Sends connection trouble to the banner; other failures are the caller's to show. */
export function reportTrouble(failure: unknown): CommandError {
  const error = asCommandError(failure);
  if (isConnectivity(error)) report?.(error);
  return error;
}

/** The message to show where the failure happened; connection trouble also goes to the banner. */
export function failureText(failure: unknown): string {
  return reportTrouble(failure).message;
}
