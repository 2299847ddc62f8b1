import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import type { TicketView } from "../../../ui/src/lib/bindings/TicketView";
import { addConnection, confirm, eventually, simStats } from "../support/daily";
import { clearKeyring, keyringContents, keyringSecret } from "../support/keyring";
import { SimProcess } from "../support/sim";
import {
  byTestId,
  connectedApp,
  invoke,
  openTicket,
  sendNote,
  showAllOpen,
  startDemo,
  waitForOutboxDrained,
  waitForQueueCount,
  waitForRows,
} from "../support/ui";

const run = Date.now().toString(36);

interface ProfileRow {
  id: number;
  name: string;
  instanceUrl: string;
}

describe("connections: switching, signing out, and the demo", () => {
  /** Two instances with different data: 500 tickets from seed 1, and 120 from seed 2. */
  let first: SimProcess;
  let second: SimProcess;
  let firstOpen: number;
  let secondOpen: number;
  let home: AppHome;
  let app: App;

  beforeAll(async () => {
    // Only this spec's entries, so what is left after a sign-out is this app's doing.
    clearKeyring();
    first = await SimProcess.start();
    second = await SimProcess.start({ seed: 2, tickets: 120, clientId: "second-desk" });
    [firstOpen, secondOpen] = [await first.openCount(), await second.openCount()];
    expect(firstOpen).not.toBe(secondOpen);
    ({ home, app } = await connectedApp(first, "daily-profiles"));
    await waitForQueueCount(app, firstOpen);
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await first?.stop();
    await second?.stop();
  });

  async function profiles(): Promise<ProfileRow[]> {
    return (await invoke<{ profiles: ProfileRow[] }>(app, "profile_list", { request: {} }))
      .profiles;
  }

  /** The saved connection to `sim`. */
  async function profileOf(sim: SimProcess): Promise<ProfileRow> {
    const port = new URL(sim.url).port;
    const found = (await profiles()).find((p) => new URL(p.instanceUrl).port === port);
    if (!found) throw new Error(`no connection to ${sim.url}`);
    return found;
  }

  /** Picks a connection in the profile menu, and waits for its queue under All open. */
  async function switchTo(profile: ProfileRow, openCount: number): Promise<void> {
    await byTestId(app, "profile-menu").click();
    const item = byTestId(app, "profile-item", `[data-profile-id="${profile.id}"]`);
    await item.waitForClickable({ timeout: 15_000 });
    await item.click();
    await app.waitUntil(
      async () =>
        String(await byTestId(app, "profile-menu").getProperty("textContent")).includes(
          profile.name,
        ),
      { timeout: 30_000, timeoutMsg: `the sidebar never named ${profile.name}` },
    );
    await waitForRows(app);
    await showAllOpen(app);
    await waitForQueueCount(app, openCount);
  }

  /** How often the simulator has been asked for the ticket list. */
  async function queueReads(sim: SimProcess): Promise<number> {
    return (await simStats(sim.url)).by_route["GET /api/Tickets"] ?? 0;
  }

  it("adds a second connection and switches between the two queues from the profile menu", async () => {
    await addConnection(app, {
      url: second.url,
      clientId: second.clientId,
      clientSecret: second.clientSecret,
    });
    await waitForRows(app);
    await showAllOpen(app);
    await waitForQueueCount(app, secondOpen);
    const [a, b] = [await profileOf(first), await profileOf(second)];
    expect(a.id).not.toBe(b.id);
    expect(keyringSecret(`profile-${a.id}/client-secret`)).toBe(first.clientSecret);
    expect(keyringSecret(`profile-${b.id}/client-secret`)).toBe(second.clientSecret);

    // To the first: its queue, read again from its own instance.
    const firstReads = await queueReads(first);
    await switchTo(a, firstOpen);
    await eventually(
      app,
      "a read of the first instance's tickets",
      () => queueReads(first),
      (n) => n > firstReads,
    );
    await screenshot(app, import.meta.url, "switched-first");

    // And back, with both in the menu.
    const secondReads = await queueReads(second);
    await switchTo(b, secondOpen);
    await eventually(
      app,
      "a read of the second instance's tickets",
      () => queueReads(second),
      (n) => n > secondReads,
    );
    await byTestId(app, "profile-menu").click();
    await byTestId(app, "profile-item").waitForDisplayed({ timeout: 15_000 });
    const listed = await app.execute(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="profile-item"]'), (item) =>
        Number(item.dataset.profileId),
      ),
    );
    expect(listed.sort((x, y) => x - y)).toEqual([a.id, b.id].sort((x, y) => x - y));
    await screenshot(app, import.meta.url, "menu");
    await byTestId(app, "profile-menu").click();
  });

  it("switching with a ticket open shows nothing of the other connection's ticket", async () => {
    const [a, b] = [await profileOf(first), await profileOf(second)];
    // A ticket of the second instance whose ID the first instance holds with another summary.
    const firstById = new Map((await first.openTickets()).map((t) => [t.id, t]));
    const ticket = (await second.openTickets()).find(
      (t) => firstById.has(t.id) && firstById.get(t.id)!.summary !== t.summary,
    )!;
    await openTicket(app, ticket);

    try {
      await switchTo(a, firstOpen);
      // The pane may close, or show the first instance's ticket of that ID; never the other's
      // (its composer writes to the active connection's ticket of that ID).
      const shown = (await byTestId(app, "ticket-view").isExisting())
        ? await byTestId(app, "ticket-summary").getText()
        : null;
      await screenshot(app, import.meta.url, "switched-with-ticket-open");
      expect(shown, `ticket ${ticket.id} after the switch`).not.toBe(ticket.summary);
      expect([null, firstById.get(ticket.id)!.summary]).toContain(shown);
    } finally {
      // The next tests start on the second connection with no ticket open, whatever happened.
      await switchTo(b, secondOpen);
      const close = byTestId(app, "ticket-close");
      if (await close.isExisting()) await close.click();
      await byTestId(app, "ticket-view").waitForExist({ reverse: true, timeout: 15_000 });
    }
  });

  it("signs out of a connection: it leaves the menu, its secret leaves the keyring, the other stays", async () => {
    const [a, b] = [await profileOf(first), await profileOf(second)];
    const firstReads = await queueReads(first);
    await byTestId(app, "profile-menu").click();
    await byTestId(app, "profile-sign-out").waitForClickable({ timeout: 15_000 });
    await byTestId(app, "profile-sign-out").click();
    await confirm(app);

    // The app moves to the connection that is left, and reads its queue from its instance.
    await app.waitUntil(
      async () =>
        String(await byTestId(app, "profile-menu").getProperty("textContent")).includes(a.name),
      { timeout: 30_000, timeoutMsg: "the app did not move to the remaining connection" },
    );
    await waitForRows(app);
    await showAllOpen(app);
    await waitForQueueCount(app, firstOpen);
    await eventually(
      app,
      "a read of the remaining instance's tickets",
      () => queueReads(first),
      (n) => n > firstReads,
    );
    expect((await profiles()).map((p) => p.id)).toEqual([a.id]);
    expect(keyringSecret(`profile-${b.id}/client-secret`)).toBeUndefined();
    const keyring = keyringContents();
    expect(keyring.secrets).not.toContain(second.clientSecret);
    expect(keyring.secrets).toEqual([first.clientSecret]);

    await byTestId(app, "profile-menu").click();
    await byTestId(app, "profile-item").waitForDisplayed({ timeout: 15_000 });
    await expect(app.$$('[data-testid="profile-item"]').length).resolves.toBe(1);
    await screenshot(app, import.meta.url, "signed-out");
    await byTestId(app, "profile-menu").click();
  });

  it("signing out of the last connection goes back to the welcome screen with an empty keyring", async () => {
    await byTestId(app, "profile-menu").click();
    await byTestId(app, "profile-sign-out").waitForClickable({ timeout: 15_000 });
    await byTestId(app, "profile-sign-out").click();
    await confirm(app);
    await byTestId(app, "home").waitForDisplayed({ timeout: 30_000 });
    await expect(profiles()).resolves.toEqual([]);
    expect(keyringContents().secrets).toEqual([]);
    await screenshot(app, import.meta.url, "welcome");
  });

  // The demo's simulator answers only the app: it takes credentials made up for each run and
  // serves no /_sim/ controls. So the demo instance is read through the app's own command,
  // which asks the instance for the ticket afresh.

  /** The notes the demo instance holds on `ticketId`. */
  async function instanceNotes(ticketId: number): Promise<string[]> {
    const view = await invoke<TicketView>(app, "ticket_open", { request: { ticketId } });
    return view.timeline.map((entry) => entry.noteHtml);
  }

  /** The first ticket of the demo's queue. */
  async function demoTicket(): Promise<{ id: number; summary: string }> {
    const id = Number(await byTestId(app, "queue-row").getAttribute("data-ticket-id"));
    const view = await invoke<TicketView>(app, "ticket_open", { request: { ticketId: id } });
    return { id, summary: view.row.summary };
  }

  /** Adds a note to a demo ticket and waits until the demo's instance has it. */
  async function noteOnDemoTicket(ticket: { id: number; summary: string }, note: string) {
    await openTicket(app, ticket);
    await sendNote(app, note);
    await waitForOutboxDrained(app);
    const held = await eventually(
      app,
      "the note in the demo's instance",
      async () => (await instanceNotes(ticket.id)).filter((html) => html.includes(note)),
      (found) => found.length > 0,
    );
    expect(held).toHaveLength(1);
  }

  /** Resets the demo through its strip and waits until the reset is over. */
  async function resetDemo(): Promise<void> {
    await byTestId(app, "demo-reset").click();
    await confirm(app);
    await app.waitUntil(
      async () => (await byTestId(app, "demo-reset").getText()).trim() === "Reset demo data",
      { timeout: 60_000, timeoutMsg: "the demo reset never finished" },
    );
  }

  /** The notes of the open ticket's timeline, as their frames hold them. */
  async function timelineNotes(): Promise<string[]> {
    return app.execute(() =>
      Array.from(
        document.querySelectorAll('[data-testid="timeline-note"]'),
        (frame) => frame.getAttribute("srcdoc") ?? "",
      ),
    );
  }

  it("resets the demo: a note added to a demo ticket is gone from its instance and the ticket", async () => {
    await startDemo(app);
    await showAllOpen(app);
    const ticket = await demoTicket();
    const note = `Tried the demo's composer ${run}`;
    await noteOnDemoTicket(ticket, note);
    await screenshot(app, import.meta.url, "demo-changed");
    await byTestId(app, "ticket-close").click();
    await byTestId(app, "ticket-view").waitForExist({ reverse: true, timeout: 15_000 });

    // The instance after the reset never had the note.
    await resetDemo();
    const notes = await instanceNotes(ticket.id);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.filter((html) => html.includes(note))).toEqual([]);

    // The ticket, opened again, shows no trace of it.
    await waitForRows(app);
    await showAllOpen(app);
    await openTicket(app, ticket);
    await byTestId(app, "timeline-entry").waitForDisplayed({ timeout: 30_000 });
    const shown = await timelineNotes();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.some((html) => html.includes(note))).toBe(false);
    await screenshot(app, import.meta.url, "demo-reset");
  });

  it("resets the demo under an open ticket: the ticket shown is the reset one", async () => {
    await waitForRows(app);
    await showAllOpen(app);
    const ticket = await demoTicket();
    const note = `Left open during a reset ${run}`;
    await noteOnDemoTicket(ticket, note);

    await resetDemo();
    // The pane still shows this ticket: it must show it as the new instance has it.
    await app
      .waitUntil(async () => !(await timelineNotes()).some((html) => html.includes(note)), {
        timeout: 30_000,
      })
      .catch(async () => {
        await screenshot(app, import.meta.url, "demo-reset-open-ticket");
        throw new Error(
          `after the reset, the open ticket ${ticket.id} still shows "${note}", which no instance has`,
        );
      });
    await screenshot(app, import.meta.url, "demo-reset-open-ticket");
  });
});
