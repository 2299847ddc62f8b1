import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, AppHome, screenshot } from "../support/app";
import { byTestId, parseCount, startDemo } from "../support/ui";

describe("the demo", () => {
  let home: AppHome;
  let app: App;

  beforeAll(async () => {
    home = await AppHome.create("demo");
    app = await home.launch();
  });

  afterAll(async () => {
    if (app) await home.quit(app);
  });

  it("starts from the welcome screen, marked as the demo, with tickets in every open view", async () => {
    await startDemo(app);
    await expect(byTestId(app, "demo-badge").isDisplayed()).resolves.toBe(true);
    expect((await app.$$('[data-testid="queue-row"]')).length).toBeGreaterThan(0);

    const allOpen = byTestId(app, "view-open").$('[data-testid="view-count"]');
    await app.waitUntil(async () => parseCount(await allOpen.getText()) > 0, {
      timeoutMsg: '"All open" never counted any tickets',
    });

    // Every view's count is a number: a view with nothing in it says 0, not a blank.
    for (const view of ["view-mine", "view-teams", "view-unassigned", "view-open"]) {
      const count = await byTestId(app, view).$('[data-testid="view-count"]').getText();
      expect(parseCount(count), `${view} count "${count}"`).toBeGreaterThanOrEqual(0);
    }
    await screenshot(app, import.meta.url);
  });
});
