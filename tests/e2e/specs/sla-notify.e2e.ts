import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { SimProcess, type SimPriority, type SimTicket } from "../support/sim";
import { byTestId, connectedApp, invoke } from "../support/ui";

/** Asks the notification server (dunst, started by session.sh on the spec's bus). */
function dunstctl(...args: string[]): string {
  return execFileSync("dunstctl", args, { encoding: "utf8" }).trim();
}

describe("SLA notifications", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let ticket: SimTicket;

  beforeAll(async () => {
    sim = await SimProcess.start();
    const me = await sim.get<{ id: number }>("Agent/me");
    const high = (await sim.get<SimPriority[]>("Priority")).find((p) => p.name === "High")!;
    ({ home, app } = await connectedApp(sim, "sla-notify"));
    // Watch only tickets whose summary carries this run's word: the ticket made below.
    const word = `sla${Date.now().toString(36)}`;
    const saved = await invoke<{ filters: { id: number; name: string }[] }>(app, "filter_save", {
      request: {
        name: "SLA watch spec",
        filter: {
          statusIds: [],
          priorityIds: [],
          clientIds: [],
          teamNames: [],
          agentIds: [],
          search: word,
        },
      },
    });
    const filter = saved.filters.find((f) => f.name === "SLA watch spec")!;
    const settings = await invoke<object>(app, "watch_settings", { request: {} });
    await invoke(app, "watch_settings_save", {
      request: { settings: { ...settings, scope: { kind: "savedFilter", id: filter.id } } },
    });
    // Apps of earlier specs shared this notification server, and a breach stays until it is
    // dismissed; so may one shown before the scope was set. Only what comes next counts.
    dunstctl("close-all");
    // Answered within the hour, so at risk at once under the default hour's warning.
    ticket = await sim.post<SimTicket>("Tickets", [
      {
        summary: `Payroll export fails before the 14:00 run ${word}`,
        client_id: 1,
        priority_id: high.priorityid,
        agent_id: me.id,
      },
    ]);
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("warns once the ticket is at risk, and a click opens the ticket", async () => {
    // The watch checks at the turn of every minute, reading what changed at most once a
    // minute: the new ticket may take two turns to be seen.
    await app.waitUntil(async () => Number(dunstctl("count", "displayed")) > 0, {
      timeout: 150_000,
      interval: 500,
      timeoutMsg: "no notification was shown within two and a half minutes",
    });
    const status = await invoke<{ atRisk: number; watched: number }>(app, "watch_status", {
      request: {},
    });
    expect(status).toMatchObject({ watched: 1, atRisk: 1 });
    await byTestId(app, "watch-counts").waitForDisplayed({ timeout: 70_000 });
    await expect(byTestId(app, "ticket-view").isExisting()).resolves.toBe(false);

    dunstctl("action", "0");
    await byTestId(app, "ticket-view").waitForDisplayed({ timeout: 15_000 });
    await app.waitUntil(
      async () => (await byTestId(app, "ticket-summary").getText()).includes(ticket.summary),
      { timeoutMsg: "the click did not open the ticket it was about" },
    );
    await screenshot(app, import.meta.url);
  }, 240_000);
});
