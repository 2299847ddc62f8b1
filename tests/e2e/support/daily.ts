/**
 * What the daily-path specs share beyond `ui.ts`: asking the spec's simulator what it
 * recorded, the open confirmation dialog, adding a connection
 * from the profile menu, and a download folder of the spec's own.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { App } from "./app";
import { required } from "./app";
import { byTestId, type Connection, submitSecret } from "./ui";

/** `GET /_sim/stats`: request counters and the most recent requests. */
export interface SimStats {
  total: number;
  by_route: Record<string, number>;
  by_status: Record<string, number>;
  log: { method: string; path: string; status: number }[];
}

/** Reads a simulator's request counters and log (no token needed). */
export async function simStats(url: string): Promise<SimStats> {
  const response = await fetch(`${url}/_sim/stats`);
  if (!response.ok) throw new Error(`GET /_sim/stats: ${response.status}`);
  return (await response.json()) as SimStats;
}

/** How many answers with `status` the simulator's log holds for `method path`. */
export function answered(stats: SimStats, route: string, status: number): number {
  return stats.log.filter((r) => `${r.method} ${r.path}` === route && r.status === status).length;
}

/** The status of the latest logged request to `method path`, if the log holds one. */
export function lastAnswer(stats: SimStats, route: string): number | undefined {
  return stats.log.filter((r) => `${r.method} ${r.path}` === route).at(-1)?.status;
}

/**
 * Polls `read` until `done` holds for what it returns, and returns that; `what` names it in the
 * failure. For what the simulator records: the app sends it from its outbox, in its own time.
 */
export async function eventually<T>(
  app: App,
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeout = 60_000,
): Promise<T> {
  let last: T | undefined;
  await app
    .waitUntil(
      async () => {
        last = await read();
        return done(last);
      },
      { timeout, interval: 250 },
    )
    .catch(() => {
      throw new Error(`${what} never came to be; last seen: ${JSON.stringify(last)}`);
    });
  return last as T;
}

/** The confirmation dialog that is open (every closed one stays in the page). */
export function openConfirmDialog(app: App) {
  return byTestId(app, "confirm-dialog", "[open]");
}

/** Confirms the open confirmation dialog and waits until it has closed. */
export async function confirm(app: App): Promise<void> {
  const dialog = openConfirmDialog(app);
  await dialog.waitForDisplayed({ timeout: 15_000 });
  await dialog.$('[data-testid="confirm-ok"]').click();
  await dialog.waitForExist({ reverse: true, timeout: 30_000 });
}

/**
 * Adds a connection from the profile menu ("Add a connection") with a client ID and secret,
 * and waits until the app says whom it connected as.
 */
export async function addConnection(
  app: App,
  connection: Connection & { clientSecret: string },
): Promise<string> {
  await byTestId(app, "profile-menu").click();
  await byTestId(app, "profile-add").waitForClickable({ timeout: 15_000 });
  await byTestId(app, "profile-add").click();
  await byTestId(app, "connect-url").waitForDisplayed({ timeout: 15_000 });
  await byTestId(app, "connect-url").setValue(connection.url);
  return submitSecret(app, connection);
}

/**
 * Makes `folder` the desktop's Downloads folder (`XDG_DOWNLOAD_DIR` in the session's
 * `user-dirs.dirs`, which the app reads each time it asks), where Save puts files until the
 * technician picks another: no native folder dialog is needed. Returns the undo.
 */
export async function useDownloadFolder(folder: string): Promise<() => Promise<void>> {
  const file = join(required("XDG_CONFIG_HOME"), "user-dirs.dirs");
  const before = await readFile(file, "utf8").catch(() => undefined);
  await writeFile(file, `XDG_DOWNLOAD_DIR="${folder}"\n`);
  return async () => {
    if (before === undefined) await rm(file, { force: true });
    else await writeFile(file, before);
  };
}
