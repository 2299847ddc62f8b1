import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { type SimAction, SimProcess, type SimTicket } from "../support/sim";
import {
  byTestId,
  connectedApp,
  openTicket,
  search,
  sendNote,
  timelineEntry,
  waitForOutboxDrained,
} from "../support/ui";

/** Makes text unique to this run, so a match cannot be left over from another. */
const run = Date.now().toString(36);

describe("working a ticket", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let open: SimTicket[];

  beforeAll(async () => {
    sim = await SimProcess.start();
    open = await sim.openTickets();
    ({ home, app } = await connectedApp(sim, "workflows"));
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("creates a ticket that appears in the queue", async () => {
    const client = open[0]!;
    const summary = `Label printer offline in dispatch ${run}`;
    await byTestId(app, "new-ticket-open").click();
    await byTestId(app, "new-ticket-client").waitForDisplayed();
    await byTestId(app, "new-ticket-client").setValue(client.client_name);
    const option = byTestId(
      app,
      "new-ticket-client-option",
      `[data-client-id="${client.client_id}"]`,
    );
    await option.waitForDisplayed({ timeout: 15_000 });
    await option.click();
    await byTestId(app, "new-ticket-type").selectByVisibleText("Incident");
    await byTestId(app, "new-ticket-summary").setValue(summary);
    await byTestId(app, "new-ticket-details").setValue("Shows offline since the morning.");
    await screenshot(app, import.meta.url, "new-ticket");
    await byTestId(app, "new-ticket-submit").click();

    // A look-alike open ticket would ask first; this summary has none, so it goes straight out.
    await byTestId(app, "new-ticket-submit").waitForDisplayed({ reverse: true, timeout: 30_000 });
    const created = await sim.get<{ tickets: SimTicket[] }>(
      `Tickets?search_summary=${encodeURIComponent(run)}`,
    );
    expect(created.tickets.map((t) => t.summary)).toEqual([summary]);
    const ticket = created.tickets[0]!;
    expect(ticket.client_id).toBe(client.client_id);

    await search(app, summary);
    await byTestId(app, "queue-row", `[data-ticket-id="${ticket.id}"]`).waitForDisplayed({
      timeout: 30_000,
    });
    await screenshot(app, import.meta.url, "created");
  });

  it("records a note, and a 15-minute time entry as a quarter of an hour", async () => {
    const ticket = open[1]!;
    const note = `Asked the user to restart the dock ${run}`;
    const timeEntry = `Reseated the network cable ${run}`;
    await openTicket(app, ticket);
    await sendNote(app, note);
    // The first in HaloPSA, and the ticket read again, before the second is typed.
    await waitForOutboxDrained(app);
    await sendNote(app, timeEntry, 15);

    /** The action with this text, once the simulator has it; exactly one is expected. */
    const landed = async (text: string): Promise<SimAction> => {
      let found: SimAction[] = [];
      await app.waitUntil(
        async () => {
          found = (await sim.actions(ticket.id)).filter((a) => a.note === text);
          return found.length > 0;
        },
        { timeout: 30_000, timeoutMsg: `"${text}" never reached the simulator` },
      );
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const plain = await landed(note);
    const timed = await landed(timeEntry);
    expect(plain.timetaken).toBe(0);
    expect(timed.timetaken).toBe(0.25);
    const noteEntry = await timelineEntry(app, plain.id, note);
    await expect(noteEntry.$('[data-testid="timeline-hours"]').isExisting()).resolves.toBe(false);
    const timeRow = await timelineEntry(app, timed.id, timeEntry);
    await expect(timeRow.$('[data-testid="timeline-hours"]').getText()).resolves.toBe("0.25 h");
    await timeRow.scrollIntoView();
    await screenshot(app, import.meta.url, "note");
  });

  it("refuses to resolve a ticket without a resolution", async () => {
    const ticket = open[2]!;
    await openTicket(app, ticket);
    await byTestId(app, "change-status").selectByVisibleText("Resolved");
    await byTestId(app, "change-apply").click();
    const error = byTestId(app, "change-error");
    await error.waitForDisplayed({ timeout: 15_000 });
    await expect(error.getText()).resolves.toContain(
      "A resolution is required to resolve or close a ticket",
    );
    const after = await sim.get<SimTicket>(`Tickets/${ticket.id}`);
    expect(after.status_id).toBe(ticket.status_id);
    await screenshot(app, import.meta.url, "resolution-required");
  });
});
