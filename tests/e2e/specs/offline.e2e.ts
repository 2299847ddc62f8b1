import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import { connectedSpec } from "../support/spec";
import { byTestId, queueCount, search, visibleRows } from "../support/ui";

describe("losing the connection", () => {
  const spec = connectedSpec("offline", { waitForAllOpen: true });

  it("says it is offline on refresh, and keeps the cached queue usable", async () => {
    const before = (await visibleRows(spec.app)).map((r) => r.id);
    await byTestId(spec.app, "queue-refresh").waitForEnabled({ timeout: 30_000 });
    await spec.sim.kill();
    await byTestId(spec.app, "queue-refresh").click();

    const banner = byTestId(spec.app, "banner", '[data-kind="offline"]');
    await banner.waitForDisplayed({ timeout: 60_000 });
    await expect(queueCount(spec.app)).resolves.toBe(spec.open.length);
    // The same rows in the same order (the banner may push the last of them out of view).
    const after = (await visibleRows(spec.app)).map((r) => r.id);
    expect(after.length).toBeGreaterThan(0);
    expect(after).toEqual(before.slice(0, after.length));
    await screenshot(spec.app, import.meta.url);

    // Searching works on the cache alone.
    const ticket = spec.open.find((t) => /^[A-Za-z]/.test(t.summary))!;
    await search(spec.app, ticket.summary);
    await byTestId(spec.app, "queue-row", `[data-ticket-id="${ticket.id}"]`).waitForDisplayed({
      timeout: 10_000,
    });
    const found = await queueCount(spec.app);
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(spec.open.length);
    await expect(banner.isDisplayed()).resolves.toBe(true);
    await screenshot(spec.app, import.meta.url, "search");
  });
});
