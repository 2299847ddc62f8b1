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

  it("sends a note whose Send is held down while the draft is saved", async () => {
    // Pressing Send takes the focus from the note, which saves the draft and shows "Draft
    // saved" beside the button. That word once took room as it appeared, so in a narrow pane
    // it pushed Send onto the next line between the press and the release, and the click was
    // lost: a technician's, and now and then a test's.
    const ticket = spec.open[3]!;
    const note = `Held the button down ${run}`;
    await openTicket(spec.app, ticket);
    await byTestId(spec.app, "composer-note").setValue(note);
    const send = byTestId(spec.app, "composer-send");
    await send.waitForEnabled();
    // Where Send is each time the composer changes while the button is down, until the
    // release sends the note (and the composer may then grow a notice).
    await spec.app.execute(() => {
      const seen: { saved: boolean; x: number; y: number }[] = [];
      const composer = document.querySelector('[data-testid="composer"]')!;
      const watch = new MutationObserver(() => {
        const button = composer.querySelector('[data-testid="composer-send"]')!;
        if (button.textContent?.trim() !== "Send") return watch.disconnect();
        const { x, y } = button.getBoundingClientRect();
        const saved = composer.querySelector('[data-testid="draft-saved"]') !== null;
        seen.push({ saved, x, y });
      });
      watch.observe(composer, { subtree: true, childList: true, attributes: true });
      (window as unknown as { sendSeen: typeof seen }).sendSeen = seen;
    });
    const pressed = await spec.app.execute(() => {
      const { x, y } = document
        .querySelector('[data-testid="composer-send"]')!
        .getBoundingClientRect();
      return { x, y };
    });
    // One press held for a second, as a hand does; the draft is saved meanwhile.
    await spec.app.action("pointer").move({ origin: send }).down().pause(1_000).up().perform();

    await byTestId(spec.app, "write-notice").waitForDisplayed({ timeout: 15_000 });
    await spec.app.waitUntil(
      async () => (await spec.sim.actions(ticket.id)).some((a) => a.note === note),
      { timeout: 30_000, timeoutMsg: "the held-down note never reached the simulator" },
    );
    const seen = await spec.app.execute(
      () =>
        (window as unknown as { sendSeen: { saved: boolean; x: number; y: number }[] }).sendSeen,
    );
    expect(seen.some((moment) => moment.saved)).toBe(true);
    for (const moment of seen) expect({ x: moment.x, y: moment.y }).toEqual(pressed);
    await screenshot(spec.app, import.meta.url, "held-send");
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
