/**
 * The set-up most specs share: a simulator of their own and a fresh app connected to it.
 */
import { afterAll, beforeAll } from "vitest";
import type { App, AppHome } from "./app";
import { SimProcess, type SimTicket } from "./sim";
import { connectedApp, waitForQueueCount } from "./ui";

/** What a connected spec works with, once its set-up has run. */
export interface ConnectedSpec {
  /** A spec that restarts the simulator puts the new one here, so it is the one stopped. */
  sim: SimProcess;
  home: AppHome;
  /** A spec that restarts the app puts the new window here, so it is the one quit. */
  app: App;
  /** The simulator's open tickets, read before the app connected. */
  open: SimTicket[];
}

/**
 * Called in a spec's `describe`: before its tests, starts a simulator (the default one), reads
 * its open tickets and connects a fresh app on a data home named `name`, showing All open (and,
 * with `waitForAllOpen`, counting every open ticket); after them, quits the app and stops the
 * simulator. The spec's own `beforeAll` hooks run after this one.
 */
export function connectedSpec(name: string, { waitForAllOpen = false } = {}): ConnectedSpec {
  // Filled in by the hook, as the spec's `let`s were: nothing reads it before then.
  const spec = {} as ConnectedSpec;

  beforeAll(async () => {
    spec.sim = await SimProcess.start();
    spec.open = await spec.sim.openTickets();
    ({ home: spec.home, app: spec.app } = await connectedApp(spec.sim, name));
    if (waitForAllOpen) await waitForQueueCount(spec.app, spec.open.length);
  });

  afterAll(async () => {
    if (spec.app) await spec.home.quit(spec.app);
    await spec.sim?.stop();
  });

  return spec;
}
