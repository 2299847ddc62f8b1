import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import type { SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import { byTestId, openTicket, visibleRows } from "../support/ui";

describe("opening a ticket", () => {
  const spec = connectedSpec("ticket-open");
  let ticket: SimTicket;

  beforeAll(() => {
    // An open ticket with attachments.
    const candidate = spec.open.find((t) => t.attachment_count > 0);
    if (!candidate) throw new Error("the seeded data has no open ticket with attachments");
    ticket = candidate;
  });

  it("shows its details, its timeline and its attachments", async () => {
    await openTicket(spec.app, ticket);
    expect((await visibleRows(spec.app)).map((r) => r.id)).toContain(ticket.id);
    await byTestId(spec.app, "ticket-details").waitForExist();

    const actions = await spec.sim.get<{ record_count: number }>(`Actions?ticket_id=${ticket.id}`);
    const attachments = await spec.sim.get<{
      record_count: number;
      attachments: { filename: string }[];
    }>(`Attachment?ticket_id=${ticket.id}`);
    await byTestId(spec.app, "timeline-entry").waitForDisplayed({ timeout: 15_000 });
    const entries = await spec.app.$$('[data-testid="timeline-entry"]').length;
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThanOrEqual(actions.record_count + 1);

    await byTestId(spec.app, "attachment-item").waitForDisplayed({ timeout: 15_000 });
    const items = await spec.app.$$('[data-testid="attachment-item"]');
    expect(items.length).toBe(attachments.record_count);
    const names: string[] = [];
    // textContent: WebDriver's visible text skips a clipped (ellipsis) file name.
    for (const item of items) names.push(String(await item.getProperty("textContent")));
    for (const attachment of attachments.attachments) {
      expect(names.join("\n")).toContain(attachment.filename);
    }
    await screenshot(spec.app, import.meta.url);
  });
});
