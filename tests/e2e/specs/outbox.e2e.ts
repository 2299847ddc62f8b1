import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { SimProcess, type SimTicket } from "../support/sim";
import {
  byTestId,
  connectedApp,
  invoke,
  openTicket,
  outbox,
  sendNote,
  timelineEntry,
  waitForOutboxDrained,
} from "../support/ui";

const run = Date.now().toString(36);

describe("the outbox", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let open: SimTicket[];

  beforeAll(async () => {
    sim = await SimProcess.start();
    open = await sim.openTickets();
    ({ home, app } = await connectedApp(sim, "outbox"));
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("lands 50 notes exactly once while half the answers are lost", async () => {
    const ticket = open[0]!;
    await openTicket(app, ticket);
    await sim.faults({ drop_after_rate: 0.5, routes: ["POST /api/Actions"] });
    const notes = Array.from({ length: 50 }, (_, i) => `Backup check ${i + 1} of 50 (${run})`);
    // All at once, as a technician's clicks and the worker's retries would overlap.
    await Promise.all(
      notes.map((note) =>
        invoke(app, "action_add", {
          request: {
            ticketId: ticket.id,
            kind: "internalNote",
            note,
            emailUser: false,
            minutes: 0,
            billable: false,
            fromTimer: false,
            draftKey: null,
          },
        }),
      ),
    );
    await waitForOutboxDrained(app);
    await sim.faults({});

    const actions = await sim.actions(ticket.id);
    for (const note of notes) {
      expect(
        actions.filter((a) => a.note === note),
        note,
      ).toHaveLength(1);
    }
    const stats = await (await fetch(`${sim.url}/_sim/stats`)).text();
    expect(stats, "answers were lost and looked for").toContain("GET /api/Actions");

    // The notes went in behind the UI's back (straight through IPC): open the ticket afresh.
    await openTicket(app, open[1]!);
    await openTicket(app, ticket);
    const last = actions.find((a) => a.note === notes[49])!;
    await (await timelineEntry(app, last.id, notes[49]!)).scrollIntoView();
    await screenshot(app, import.meta.url, "exactly-once");
  });

  it("delivers a note written while HaloPSA is down once it is back", async () => {
    const ticket = open[1]!;
    const note = `Called the user back after the outage ${run}`;
    await openTicket(app, ticket);
    await sim.kill();
    await sendNote(app, note);

    // The first attempt meets a refused connection (after the client's own quick retries),
    // and the write stays queued: first in Rust, then on screen.
    await app.waitUntil(async () => (await outbox(app)).pending === 1, {
      timeout: 30_000,
      timeoutMsg: "the note never waited in the outbox",
    });
    const indicator = byTestId(app, "outbox-indicator");
    await indicator.waitForDisplayed({ timeout: 30_000 });
    await indicator.click();
    await byTestId(app, "outbox-item", '[data-state="retrying"]').waitForDisplayed({
      timeout: 30_000,
    });
    await screenshot(app, import.meta.url, "offline");

    sim = await sim.restarted();
    await waitForOutboxDrained(app);
    const sent = (await sim.actions(ticket.id)).filter((a) => a.note === note);
    expect(sent).toHaveLength(1);
    await (await timelineEntry(app, sent[0]!.id, note)).scrollIntoView();
    await screenshot(app, import.meta.url, "delivered");
  });
});
