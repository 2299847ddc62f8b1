import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import type { SimAction, SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import {
  byTestId,
  openTicket,
  search,
  sendNote,
  timelineEntry,
  waitForOutboxDrained,
} from "../support/ui";

/** Makes text unique to this run, so a match cannot be left over from another. */
const run = Date.now().toString(36);

describe("working a ticket", () => {
  const spec = connectedSpec("workflows");

  it("creates a ticket that appears in the queue", async () => {
    const client = spec.open[0]!;
    const summary = `Label printer offline in dispatch ${run}`;
    await byTestId(spec.app, "new-ticket-open").click();
    await byTestId(spec.app, "new-ticket-client").waitForDisplayed();
    await byTestId(spec.app, "new-ticket-client").setValue(client.client_name);
    const option = byTestId(
      spec.app,
      "new-ticket-client-option",
      `[data-client-id="${client.client_id}"]`,
    );
    await option.waitForDisplayed({ timeout: 15_000 });
    await option.click();
    await byTestId(spec.app, "new-ticket-type").selectByVisibleText("Incident");
    await byTestId(spec.app, "new-ticket-summary").setValue(summary);
    await byTestId(spec.app, "new-ticket-details").setValue("Shows offline since the morning.");
    await screenshot(spec.app, import.meta.url, "new-ticket");
    await byTestId(spec.app, "new-ticket-submit").click();

    // A look-alike open ticket would ask first; this summary has none, so it goes straight out.
    await byTestId(spec.app, "new-ticket-submit").waitForDisplayed({
      reverse: true,
      timeout: 30_000,
    });
    const created = await spec.sim.get<{ tickets: SimTicket[] }>(
      `Tickets?search_summary=${encodeURIComponent(run)}`,
    );
    expect(created.tickets.map((t) => t.summary)).toEqual([summary]);
    const ticket = created.tickets[0]!;
    expect(ticket.client_id).toBe(client.client_id);

    await search(spec.app, summary);
    await byTestId(spec.app, "queue-row", `[data-ticket-id="${ticket.id}"]`).waitForDisplayed({
      timeout: 30_000,
    });
    await screenshot(spec.app, import.meta.url, "created");
  });

  it("records a note, and a 15-minute time entry as a quarter of an hour", async () => {
    const ticket = spec.open[1]!;
    const note = `Asked the user to restart the dock ${run}`;
    const timeEntry = `Reseated the network cable ${run}`;
    await openTicket(spec.app, ticket);
    await sendNote(spec.app, note);
    // The first in HaloPSA, and the ticket read again, before the second is typed.
    await waitForOutboxDrained(spec.app);
    await sendNote(spec.app, timeEntry, 15);

    /** The action with this text, once the simulator has it; exactly one is expected. */
    const landed = async (text: string): Promise<SimAction> => {
      let found: SimAction[] = [];
      await spec.app.waitUntil(
        async () => {
          found = (await spec.sim.actions(ticket.id)).filter((a) => a.note === text);
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
    const noteEntry = await timelineEntry(spec.app, plain.id, note);
    await expect(noteEntry.$('[data-testid="timeline-hours"]').isExisting()).resolves.toBe(false);
    const timeRow = await timelineEntry(spec.app, timed.id, timeEntry);
    await expect(timeRow.$('[data-testid="timeline-hours"]').getText()).resolves.toBe("0.25 h");
    await timeRow.scrollIntoView();
    await screenshot(spec.app, import.meta.url, "note");
  });

  it("refuses to resolve a ticket without a resolution", async () => {
    const ticket = spec.open[2]!;
    await openTicket(spec.app, ticket);
    await byTestId(spec.app, "change-status").selectByVisibleText("Resolved");
    await byTestId(spec.app, "change-apply").click();
    const error = byTestId(spec.app, "change-error");
    await error.waitForDisplayed({ timeout: 15_000 });
    await expect(error.getText()).resolves.toContain(
      "A resolution is required to resolve or close a ticket",
    );
    const after = await spec.sim.get<SimTicket>(`Tickets/${ticket.id}`);
    expect(after.status_id).toBe(ticket.status_id);
    await screenshot(spec.app, import.meta.url, "resolution-required");
  });
});
