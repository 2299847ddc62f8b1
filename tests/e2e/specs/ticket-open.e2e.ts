import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { SimProcess, type SimTicket } from "../support/sim";
import { byTestId, connectedApp, openTicket, visibleRows } from "../support/ui";

describe("opening a ticket", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let ticket: SimTicket;

  beforeAll(async () => {
    sim = await SimProcess.start();
    // An open ticket with attachments.
    const open = await sim.openTickets();
    const candidate = open.find((t) => t.attachment_count > 0);
    if (!candidate) throw new Error("the seeded data has no open ticket with attachments");
    ticket = candidate;

    ({ home, app } = await connectedApp(sim, "ticket-open"));
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("shows its details, its timeline and its attachments", async () => {
    await openTicket(app, ticket);
    expect((await visibleRows(app)).map((r) => r.id)).toContain(ticket.id);
    await byTestId(app, "ticket-details").waitForExist();

    const actions = await sim.get<{ record_count: number }>(`Actions?ticket_id=${ticket.id}`);
    const attachments = await sim.get<{
      record_count: number;
      attachments: { filename: string }[];
    }>(`Attachment?ticket_id=${ticket.id}`);
    await byTestId(app, "timeline-entry").waitForDisplayed({ timeout: 15_000 });
    const entries = await app.$$('[data-testid="timeline-entry"]').length;
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThanOrEqual(actions.record_count + 1);

    await byTestId(app, "attachment-item").waitForDisplayed({ timeout: 15_000 });
    const items = await app.$$('[data-testid="attachment-item"]');
    expect(items.length).toBe(attachments.record_count);
    const names: string[] = [];
    // textContent: WebDriver's visible text skips a clipped (ellipsis) file name.
    for (const item of items) names.push(String(await item.getProperty("textContent")));
    for (const attachment of attachments.attachments) {
      expect(names.join("\n")).toContain(attachment.filename);
    }
    await screenshot(app, import.meta.url);
  });
});
