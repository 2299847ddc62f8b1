import { describe, expect, it } from "vitest";
import { screenshot } from "../support/app";
import { answered, lastAnswer, simStats } from "../support/daily";
import { connectedSpec } from "../support/spec";
import {
  byTestId,
  invoke,
  queueCount,
  showAllOpen,
  waitForQueueCount,
  waitForRows,
} from "../support/ui";

/** The route the queue's refresh reads. */
const QUEUE_READ = "GET /api/Tickets";

describe("the banners HaloPSA's refusals raise", () => {
  const spec = connectedSpec("banners", { waitForAllOpen: true });

  /** Clicks Refresh once the last refresh is over. */
  async function refresh(): Promise<void> {
    const button = byTestId(spec.app, "queue-refresh");
    await button.waitForEnabled({ timeout: 90_000 });
    await button.click();
  }

  /** Waits until no banner is shown; a refresh that finds HaloPSA well again clears it. */
  async function bannerGone(): Promise<void> {
    await byTestId(spec.app, "banner").waitForExist({
      reverse: true,
      timeout: 90_000,
      timeoutMsg: "the banner stayed after HaloPSA answered again",
    });
  }

  it("says the sign-in expired on a 401, and signing in again from it brings the queue back", async () => {
    const before = answered(await simStats(spec.sim.url), QUEUE_READ, 401);
    await spec.sim.faults({ error_rate: 1, error_status: 401, routes: [QUEUE_READ] });
    await refresh();

    const banner = byTestId(spec.app, "banner", '[data-kind="unauthorized"]');
    await banner.waitForDisplayed({ timeout: 90_000 });
    await expect(banner.getText()).resolves.toContain("Your sign-in has expired.");
    await expect(byTestId(spec.app, "banner-retry").isExisting()).resolves.toBe(false);
    // The simulator refused the queue's read: the app renewed its token and was refused again.
    const stats = await simStats(spec.sim.url);
    expect(answered(stats, QUEUE_READ, 401)).toBeGreaterThanOrEqual(before + 2);
    expect(lastAnswer(stats, QUEUE_READ)).toBe(401);
    // The cached queue stays.
    await expect(queueCount(spec.app)).resolves.toBe(spec.open.length);
    await screenshot(spec.app, import.meta.url, "unauthorized");

    // "Sign in again" opens the connection's form, filled in but for the secret.
    await byTestId(spec.app, "banner-sign-in").click();
    await byTestId(spec.app, "connect-url").waitForDisplayed({ timeout: 15_000 });
    await expect(byTestId(spec.app, "connect-url").getValue()).resolves.toContain(
      new URL(spec.sim.url).host,
    );
    await expect(byTestId(spec.app, "connect-client-id").getValue()).resolves.toBe(
      spec.sim.clientId,
    );
    await spec.sim.faults({});
    const grants = (await simStats(spec.sim.url)).by_route["POST /auth/token"] ?? 0;
    await byTestId(spec.app, "connect-client-secret").setValue(spec.sim.clientSecret);
    await byTestId(spec.app, "connect-submit").click();
    await byTestId(spec.app, "connect-result").waitForDisplayed({ timeout: 30_000 });

    await waitForRows(spec.app);
    await bannerGone();
    await showAllOpen(spec.app);
    await waitForQueueCount(spec.app, spec.open.length);
    const after = await simStats(spec.sim.url);
    expect(after.by_route["POST /auth/token"]).toBeGreaterThan(grants);
    expect(lastAnswer(after, QUEUE_READ)).toBe(200);
    // The same connection, signed in again: not a second one.
    const { profiles } = await invoke<{ profiles: unknown[] }>(spec.app, "profile_list", {
      request: {},
    });
    expect(profiles).toHaveLength(1);
    await screenshot(spec.app, import.meta.url, "unauthorized-cleared");
  });

  it("says the request limit is used up on a 429, and clears once HaloPSA answers again", async () => {
    const before = answered(await simStats(spec.sim.url), QUEUE_READ, 429);
    // Enough 429s that the client's retries give up, whatever else reads meanwhile.
    await spec.sim.faults({ force_429: 1_000, routes: [QUEUE_READ] });
    await refresh();

    const banner = byTestId(spec.app, "banner", '[data-kind="rateLimited"]');
    await banner.waitForDisplayed({ timeout: 90_000 });
    const text = await banner.getText();
    expect(text).toContain("HaloPSA's request limit");
    expect(text).toContain("the queue refreshes by itself once HaloPSA allows it.");
    // Nothing to click but Dismiss: Halodesk waits the limit out itself.
    await expect(byTestId(spec.app, "banner-sign-in").isExisting()).resolves.toBe(false);
    await expect(byTestId(spec.app, "banner-retry").isExisting()).resolves.toBe(false);
    // The client asked again after each 429 before it gave up.
    const stats = await simStats(spec.sim.url);
    expect(answered(stats, QUEUE_READ, 429)).toBeGreaterThan(before + 1);
    expect(lastAnswer(stats, QUEUE_READ)).toBe(429);
    await expect(queueCount(spec.app)).resolves.toBe(spec.open.length);
    await screenshot(spec.app, import.meta.url, "rate-limited");

    await spec.sim.faults({});
    await refresh();
    await bannerGone();
    expect(lastAnswer(await simStats(spec.sim.url), QUEUE_READ)).toBe(200);
    await screenshot(spec.app, import.meta.url, "rate-limited-cleared");
  });
});
