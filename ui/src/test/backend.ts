/** A mocked Rust side for component tests: a handler per command, and every call recorded. */
import { mockIPC } from "@tauri-apps/api/mocks";

export type Handler = (request: Record<string, unknown>) => unknown;

export interface Backend {
  calls: Array<[string, Record<string, unknown>]>;
  /** The requests sent to one command, oldest first. */
  requests: (command: string) => Array<Record<string, unknown>>;
}

/** Unmocked commands fail as Rust's `invalid` would, so a test sees what it forgot. */
export function backend(handlers: Record<string, Handler>): Backend {
  const calls: Backend["calls"] = [];
  mockIPC((command, args) => {
    const request = (args as { request: Record<string, unknown> }).request;
    calls.push([command, request]);
    const handler = handlers[command];
    if (!handler) throw { code: "invalid", message: `no mock for ${command}` };
    return handler(request);
  });
  return {
    calls,
    requests: (command) => calls.filter(([c]) => c === command).map(([, r]) => r),
  };
}
