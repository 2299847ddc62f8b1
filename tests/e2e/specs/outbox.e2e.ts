import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import { connectedSpec } from "../support/spec";
import {
  byTestId,
  invoke,
  openTicket,
  outbox,
  sendNote,
  timelineEntry,
  waitForOutboxDrained,
} from "../support/ui";

const run = Date.now().toString(36);

describe("the outbox", () => {
  const spec = connectedSpec("outbox");

  it("lands 50 notes exactly once while half the answers are lost", async () => {
    const ticket = spec.open[0]!;
    await openTicket(spec.app, ticket);
    await spec.sim.faults({ drop_after_rate: 0.5, routes: ["POST /api/Actions"] });
    const notes = Array.from({ length: 50 }, (_, i) => `Backup check ${i + 1} of 50 (${run})`);
    // All at once, as a technician's clicks and the worker's retries would overlap.
    await Promise.all(
      notes.map((note) =>
        invoke(spec.app, "action_add", {
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
    await waitForOutboxDrained(spec.app);
    await spec.sim.faults({});

    const actions = await spec.sim.actions(ticket.id);
    for (const note of notes) {
      expect(
        actions.filter((a) => a.note === note),
        note,
      ).toHaveLength(1);
    }
    const stats = await (await fetch(`${spec.sim.url}/_sim/stats`)).text();
    expect(stats, "answers were lost and looked for").toContain("GET /api/Actions");

    // The notes went in behind the UI's back (straight through IPC): open the ticket afresh.
    await openTicket(spec.app, spec.open[1]!);
    await openTicket(spec.app, ticket);
    const last = actions.find((a) => a.note === notes[49])!;
    await (await timelineEntry(spec.app, last.id, notes[49]!)).scrollIntoView();
    await screenshot(spec.app, import.meta.url, "exactly-once");
  });

  it("delivers a note written while HaloPSA is down once it is back", async () => {
    const ticket = spec.open[1]!;
    const note = `Called the user back after the outage ${run}`;
    await openTicket(spec.app, ticket);
    await spec.sim.kill();
    await sendNote(spec.app, note);

    // The first attempt meets a refused connection (after the client's own quick retries),
    // and the write stays queued: first in Rust, then on screen.
    await spec.app.waitUntil(async () => (await outbox(spec.app)).pending === 1, {
      timeout: 30_000,
      timeoutMsg: "the note never waited in the outbox",
    });
    const indicator = byTestId(spec.app, "outbox-indicator");
    await indicator.waitForDisplayed({ timeout: 30_000 });
    await indicator.click();
    await byTestId(spec.app, "outbox-item", '[data-state="retrying"]').waitForDisplayed({
      timeout: 30_000,
    });
    await screenshot(spec.app, import.meta.url, "offline");

    spec.sim = await spec.sim.restarted();
    await waitForOutboxDrained(spec.app);
    const sent = (await spec.sim.actions(ticket.id)).filter((a) => a.note === note);
    expect(sent).toHaveLength(1);
    await (await timelineEntry(spec.app, sent[0]!.id, note)).scrollIntoView();
    await screenshot(spec.app, import.meta.url, "delivered");
  });
});
