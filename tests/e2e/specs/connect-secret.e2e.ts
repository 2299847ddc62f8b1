import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, AppHome, screenshot } from "../support/app";
import { scanFor } from "../support/files";
import { clearKeyring, keyringContents } from "../support/keyring";
import { SimProcess } from "../support/sim";
import { connectWithSecret, showAllOpen, waitForQueueCount, waitForRows } from "../support/ui";

describe("connecting with a client ID and secret", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App | undefined;

  beforeAll(async () => {
    clearKeyring();
    sim = await SimProcess.start();
    home = await AppHome.create("connect-secret");
    app = await home.launch();
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("says who it connected as, and loads the queue", async () => {
    const connectedAs = await connectWithSecret(app!, {
      url: sim.url,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
    });
    // The simulator's /api/Agent/me.
    expect(connectedAs).toContain("Alex Morgan");

    await waitForRows(app!);
    await showAllOpen(app!);
    await waitForQueueCount(app!, await sim.openCount());
    await screenshot(app!, import.meta.url);
  });

  it("keeps the secret in the keyring", () => {
    const keyring = keyringContents();
    expect(keyring.secrets).toContain(sim.clientSecret);
    expect(keyring.attributes.join("\n")).toMatch(/profile-\d+\/client-secret/);
  });

  it("writes the secret to no file of its data dir, while running and after quitting", async () => {
    const running = await scanFor(home.dataDir, sim.clientSecret);
    expect(running.scanned.some((f) => f.endsWith(".sqlite3"))).toBe(true);
    expect(running.containing).toEqual([]);

    // Quitting checkpoints the write-ahead log into the database: scan what it leaves, too.
    await home.quit(app!);
    app = undefined;
    const quit = await scanFor(home.dataDir, sim.clientSecret);
    expect(quit.scanned.length).toBeGreaterThan(0);
    expect(quit.containing).toEqual([]);
  });
});
