import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { SimProcess, type SimTicket } from "../support/sim";
import { byTestId, connectedApp, openTicket, showAllOpen, waitForRows } from "../support/ui";

describe("a draft", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let ticket: SimTicket;

  beforeAll(async () => {
    sim = await SimProcess.start();
    ticket = (await sim.openTickets())[3]!;
    ({ home, app } = await connectedApp(sim, "draft-kill"));
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("survives the app being killed and comes back when the ticket is opened", async () => {
    const text = "Half-written: the switch in rack 2 reboots when the UPS self-tests, and";
    await openTicket(app, ticket);
    await byTestId(app, "composer-note").setValue(text);
    await byTestId(app, "draft-saved").waitForDisplayed({ timeout: 10_000 });
    await home.kill(app);

    app = await home.launch();
    await waitForRows(app);
    await showAllOpen(app);
    await openTicket(app, ticket);
    const note = byTestId(app, "composer-note");
    await app.waitUntil(async () => (await note.getValue()) === text, {
      timeout: 15_000,
      timeoutMsg: "the draft did not come back after the restart",
    });
    expect(await sim.actions(ticket.id).then((a) => a.some((x) => x.note === text))).toBe(false);
    await screenshot(app, import.meta.url);
  });
});
