import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import type { SimPriority, SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import { byTestId, invoke } from "../support/ui";

/** Asks the notification server (dunst, started by session.sh on the spec's bus). */
function dunstctl(...args: string[]): string {
  return execFileSync("dunstctl", args, { encoding: "utf8" }).trim();
}

describe("SLA notifications", () => {
  const spec = connectedSpec("sla-notify");
  let ticket: SimTicket;

  beforeAll(async () => {
    const me = await spec.sim.get<{ id: number }>("Agent/me");
    const high = (await spec.sim.get<SimPriority[]>("Priority")).find((p) => p.name === "High")!;
    // Watch only tickets whose summary carries this run's word: the ticket made below.
    const word = `sla${Date.now().toString(36)}`;
    const saved = await invoke<{ filters: { id: number; name: string }[] }>(
      spec.app,
      "filter_save",
      {
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
      },
    );
    const filter = saved.filters.find((f) => f.name === "SLA watch spec")!;
    const settings = await invoke<object>(spec.app, "watch_settings", { request: {} });
    await invoke(spec.app, "watch_settings_save", {
      request: { settings: { ...settings, scope: { kind: "savedFilter", id: filter.id } } },
    });
    // Apps of earlier specs shared this notification server, and a breach stays until it is
    // dismissed; so may one shown before the scope was set. Only what comes next counts.
    dunstctl("close-all");
    // Answered within the hour, so at risk at once under the default hour's warning.
    ticket = await spec.sim.post<SimTicket>("Tickets", [
      {
        summary: `Payroll export fails before the 14:00 run ${word}`,
        client_id: 1,
        priority_id: high.priorityid,
        agent_id: me.id,
      },
    ]);
  });

  it("warns once the ticket is at risk, and a click opens the ticket", async () => {
    // The watch checks at the turn of every minute, reading what changed at most once a
    // minute: the new ticket may take two turns to be seen.
    await spec.app.waitUntil(async () => Number(dunstctl("count", "displayed")) > 0, {
      timeout: 150_000,
      interval: 500,
      timeoutMsg: "no notification was shown within two and a half minutes",
    });
    const status = await invoke<{ atRisk: number; watched: number }>(spec.app, "watch_status", {
      request: {},
    });
    expect(status).toMatchObject({ watched: 1, atRisk: 1 });
    await byTestId(spec.app, "watch-counts").waitForDisplayed({ timeout: 70_000 });
    await expect(byTestId(spec.app, "ticket-view").isExisting()).resolves.toBe(false);

    dunstctl("action", "0");
    await byTestId(spec.app, "ticket-view").waitForDisplayed({ timeout: 15_000 });
    await spec.app.waitUntil(
      async () => (await byTestId(spec.app, "ticket-summary").getText()).includes(ticket.summary),
      { timeoutMsg: "the click did not open the ticket it was about" },
    );
    await screenshot(spec.app, import.meta.url);
  }, 240_000);
});
