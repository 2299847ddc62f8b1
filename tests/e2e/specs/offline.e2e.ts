import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { SimProcess, type SimTicket } from "../support/sim";
import {
  byTestId,
  connectedApp,
  queueCount,
  search,
  visibleRows,
  waitForQueueCount,
} from "../support/ui";

describe("losing the connection", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let open: SimTicket[];

  beforeAll(async () => {
    sim = await SimProcess.start();
    open = await sim.openTickets();
    ({ home, app } = await connectedApp(sim, "offline"));
    await waitForQueueCount(app, open.length);
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("says it is offline on refresh, and keeps the cached queue usable", async () => {
    const before = (await visibleRows(app)).map((r) => r.id);
    await byTestId(app, "queue-refresh").waitForEnabled({ timeout: 30_000 });
    await sim.kill();
    await byTestId(app, "queue-refresh").click();

    const banner = byTestId(app, "banner", '[data-kind="offline"]');
    await banner.waitForDisplayed({ timeout: 60_000 });
    await expect(queueCount(app)).resolves.toBe(open.length);
    // The same rows in the same order (the banner may push the last of them out of view).
    const after = (await visibleRows(app)).map((r) => r.id);
    expect(after.length).toBeGreaterThan(0);
    expect(after).toEqual(before.slice(0, after.length));
    await screenshot(app, import.meta.url);

    // Searching works on the cache alone.
    const ticket = open.find((t) => /^[A-Za-z]/.test(t.summary))!;
    await search(app, ticket.summary);
    await byTestId(app, "queue-row", `[data-ticket-id="${ticket.id}"]`).waitForDisplayed({
      timeout: 10_000,
    });
    const found = await queueCount(app);
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(open.length);
    await expect(banner.isDisplayed()).resolves.toBe(true);
    await screenshot(app, import.meta.url, "search");
  });
});
