import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import { eventually } from "../support/daily";
import type { SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import { byTestId, search } from "../support/ui";

describe("a new ticket that looks like an open one", () => {
  const spec = connectedSpec("daily-new-ticket");

  it("lists the client's look-alike open ticket first, and 'Create anyway' creates it", async () => {
    // An open ticket with a few words to its summary: the same words in another order read
    // the same to the check, and make a summary no seeded ticket has.
    const original = spec.open.find((t) => t.summary.split(" ").length >= 4)!;
    const summary = original.summary.split(" ").reverse().join(" ");
    const before = await spec.sim.get<{ tickets: SimTicket[] }>(
      `Tickets?search_summary=${encodeURIComponent(summary)}`,
    );
    expect(before.tickets.filter((t) => t.summary === summary)).toEqual([]);

    await byTestId(spec.app, "new-ticket-open").click();
    const client = byTestId(spec.app, "new-ticket-client");
    await client.waitForDisplayed({ timeout: 15_000 });
    await client.setValue(original.client_name);
    const option = byTestId(
      spec.app,
      "new-ticket-client-option",
      `[data-client-id="${original.client_id}"]`,
    );
    await option.waitForDisplayed({ timeout: 15_000 });
    await option.click();
    await byTestId(spec.app, "new-ticket-type").selectByVisibleText("Incident");
    await byTestId(spec.app, "new-ticket-summary").setValue(summary);
    await byTestId(spec.app, "new-ticket-details").setValue("Reported again by phone.");
    await byTestId(spec.app, "new-ticket-submit").click();

    // Nothing is created yet: the look-alike is listed, with a way to go ahead.
    const listed = byTestId(spec.app, "duplicate-item", `[data-ticket-id="${original.id}"]`);
    await listed.waitForDisplayed({ timeout: 30_000 });
    await screenshot(spec.app, import.meta.url, "duplicates");
    await expect(listed.getProperty("textContent")).resolves.toContain(
      `#${original.id} ${original.summary}`,
    );
    await expect(listed.getText()).resolves.toContain("100% alike");
    // Every listed ticket is an open one of this client.
    const offered = await spec.app.execute(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="duplicate-item"]'), (item) =>
        Number(item.dataset.ticketId),
      ),
    );
    expect(offered.length).toBeGreaterThan(0);
    const clientOpen = new Set(
      spec.open.filter((t) => t.client_id === original.client_id).map((t) => t.id),
    );
    expect(offered.every((id) => clientOpen.has(id))).toBe(true);
    const none = await spec.sim.get<{ tickets: SimTicket[] }>(
      `Tickets?search_summary=${encodeURIComponent(summary)}`,
    );
    expect(none.tickets.filter((t) => t.summary === summary)).toEqual([]);

    await byTestId(spec.app, "duplicate-create-anyway").click();
    await byTestId(spec.app, "new-ticket").waitForDisplayed({ reverse: true, timeout: 30_000 });
    const created = await eventually(
      spec.app,
      "the new ticket in the simulator",
      async () =>
        (
          await spec.sim.get<{ tickets: SimTicket[] }>(
            `Tickets?search_summary=${encodeURIComponent(summary)}`,
          )
        ).tickets.filter((t) => t.summary === summary),
      (found) => found.length > 0,
    );
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ client_id: original.client_id });
    expect(created[0]!.id).not.toBe(original.id);
    // The original stays as it was, open.
    const still = await spec.sim.get<SimTicket>(`Tickets/${original.id}`);
    expect(still.status_id).toBe(original.status_id);

    await search(spec.app, summary);
    await byTestId(spec.app, "queue-row", `[data-ticket-id="${created[0]!.id}"]`).waitForDisplayed({
      timeout: 30_000,
    });
    await screenshot(spec.app, import.meta.url, "created-anyway");
  });
});
