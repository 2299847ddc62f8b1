import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, AppHome, required, screenshot } from "../support/app";
import { clearKeyring, keyringContents } from "../support/keyring";
import { SimProcess } from "../support/sim";
import { connectWithBrowser, showAllOpen, waitForQueueCount, waitForRows } from "../support/ui";

/** The simulator's "Authorisation Code (Native Application)" application. */
const NATIVE_CLIENT_ID = "halodesk";

describe("signing in with the browser", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;

  beforeAll(async () => {
    clearKeyring();
    sim = await SimProcess.start();
    home = await AppHome.create("pkce");
    app = await home.launch();
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("opens the sign-in page, takes the loopback redirect and loads the queue", async () => {
    await connectWithBrowser(app, { url: sim.url, clientId: NATIVE_CLIENT_ID });
    await waitForRows(app);
    await showAllOpen(app);
    await waitForQueueCount(app, await sim.openCount());

    // What the "browser" (the fake xdg-open of session.sh) was asked to open.
    const opened = (await readFile(required("HALODESK_E2E_OPENED_LOG"), "utf8"))
      .split("\n")
      .filter((line) => line.startsWith(`${sim.url}/auth/authorize?`));
    expect(opened).toHaveLength(1);
    const authorize = new URL(opened[0]!);
    expect(authorize.searchParams.get("client_id")).toBe(NATIVE_CLIENT_ID);
    expect(authorize.searchParams.get("response_type")).toBe("code");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(authorize.searchParams.get("state")).toBeTruthy();
    await screenshot(app, import.meta.url);
  });

  it("keeps the refresh token in the keyring", () => {
    const keyring = keyringContents();
    expect(keyring.attributes.join("\n")).toMatch(/profile-\d+\/refresh-token/);
    expect(keyring.secrets.filter((s) => s.length > 0).length).toBeGreaterThan(0);
  });
});
