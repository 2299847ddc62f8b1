import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { SimProcess, type SimTicket } from "../support/sim";
import {
  blur,
  byTestId,
  clearSearch,
  connectedApp,
  queueCount,
  search,
  visibleRows,
  waitForQueueCount,
} from "../support/ui";

/** Picks `name` in the popover of a filter button, then closes the popover. */
async function pick(app: App, filter: string, name: string): Promise<void> {
  await byTestId(app, filter).click();
  const options = app.$$('[data-testid="filter-option"]');
  await app.waitUntil(async () => (await options.length) > 0, {
    timeoutMsg: `${filter} opened no options`,
  });
  let chosen: WebdriverIO.Element | undefined;
  const names: string[] = [];
  for (const option of await options) {
    // textContent: WebDriver's visible text skips the option's clipped (ellipsis) name.
    const text = String(await option.getProperty("textContent")).trim();
    names.push(text);
    if (text === name) chosen = option;
  }
  if (!chosen) throw new Error(`${filter} has no option "${name}" (it has: ${names.join(", ")})`);
  await chosen.click();
  // Close the popover if choosing did not: its button toggles it.
  if (await byTestId(app, "filter-option").isDisplayed()) await byTestId(app, filter).click();
}

/** The most common value of `key` among `rows`. */
function mostCommon<T>(rows: SimTicket[], key: (t: SimTicket) => T): T {
  const counts = new Map<T, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

function isSorted(ids: number[], direction: 1 | -1): boolean {
  return ids.every((id, i) => i === 0 || (id - ids[i - 1]!) * direction > 0);
}

describe("filtering, searching and sorting the queue", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let open: SimTicket[];

  beforeAll(async () => {
    sim = await SimProcess.start();
    open = await sim.openTickets();
    ({ home, app } = await connectedApp(sim, "queue-filter"));
    await waitForQueueCount(app, open.length);
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
  });

  it("filters by a status and a priority, and then by text", async () => {
    const priorities = await sim.priorityNames();
    // The commonest status, then the commonest priority among those: the list is never empty.
    const statusId = mostCommon(open, (t) => t.status_id);
    const withStatus = open.filter((t) => t.status_id === statusId);
    const priorityId = mostCommon(withStatus, (t) => t.priority_id);
    const matching = withStatus.filter((t) => t.priority_id === priorityId);
    const statusName = matching[0]!.status_name;
    const priorityName = priorities.get(priorityId)!;

    await pick(app, "filter-status", statusName);
    await waitForQueueCount(app, withStatus.length, 15_000);
    await pick(app, "filter-priority", priorityName);
    await waitForQueueCount(app, matching.length, 15_000);
    for (const row of await visibleRows(app)) {
      expect(row.text).toContain(statusName);
      expect(row.text).toContain(priorityName);
      expect(matching.map((t) => t.id)).toContain(row.id);
    }
    await screenshot(app, import.meta.url, "status-priority");

    // A word of one of those tickets' summaries.
    const word = matching[0]!.summary.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w))!;
    const bySummary = matching.filter((t) => t.summary.toLowerCase().includes(word.toLowerCase()));
    await search(app, word);
    const hasWord = (text: string) => text.toLowerCase().includes(word.toLowerCase());
    await app.waitUntil(
      async () => {
        const rows = await visibleRows(app);
        return rows.length > 0 && rows.every((r) => hasWord(r.text));
      },
      { timeoutMsg: `searching "${word}" did not narrow the list to rows that hold it` },
    );
    const found = await queueCount(app);
    // The app may search more than the summary (the client's name, say), never less.
    expect(found).toBeGreaterThanOrEqual(bySummary.length);
    expect(found).toBeLessThanOrEqual(matching.length);
    for (const row of await visibleRows(app)) {
      expect(matching.map((t) => t.id)).toContain(row.id);
    }
    await screenshot(app, import.meta.url, "search");
  });

  it("clears the filters and sorts by ID both ways", async () => {
    await clearSearch(app);
    await byTestId(app, "filter-clear").click();
    await waitForQueueCount(app, open.length, 15_000);

    const sortBy = byTestId(app, "sort-id");
    await sortBy.click();
    let first: 1 | -1 = 1;
    await app.waitUntil(
      async () => {
        const ids = (await visibleRows(app)).map((r) => r.id);
        if (ids.length < 2) return false;
        if (isSorted(ids, 1)) first = 1;
        else if (isSorted(ids, -1)) first = -1;
        else return false;
        return true;
      },
      { timeoutMsg: "sorting by ID did not order the rows by ID" },
    );
    await sortBy.click();
    await app.waitUntil(
      async () =>
        isSorted(
          (await visibleRows(app)).map((r) => r.id),
          first === 1 ? -1 : 1,
        ),
      {
        timeoutMsg: "sorting by ID again did not reverse the order",
      },
    );
    // Ascending for the keyboard test, the lowest open ID first.
    if (first === 1) await sortBy.click();
    await app.waitUntil(
      async () =>
        isSorted(
          (await visibleRows(app)).map((r) => r.id),
          1,
        ),
      {
        timeoutMsg: "could not sort by ascending ID",
      },
    );
    const ids = (await visibleRows(app)).map((r) => r.id);
    expect(ids[0]).toBe(Math.min(...open.map((t) => t.id)));
    await screenshot(app, import.meta.url, "sorted");
  });

  it("moves with j and k, and opens with Enter", async () => {
    await blur(app);
    const selectedId = async () => (await visibleRows(app)).find((r) => r.selected)?.id;
    await app.keys("j");
    await app.waitUntil(async () => (await selectedId()) !== undefined, {
      timeoutMsg: "j selected no row",
    });
    const start = (await selectedId())!;
    await app.keys("j");
    await app.waitUntil(async () => (await selectedId()) !== start, {
      timeoutMsg: "a second j did not move the selection",
    });
    const next = (await selectedId())!;
    expect(next).toBeGreaterThan(start);
    await app.keys("k");
    await app.waitUntil(async () => (await selectedId()) === start, {
      timeoutMsg: "k did not move the selection back",
    });

    await app.keys("Enter");
    await byTestId(app, "ticket-view").waitForDisplayed();
    const ticket = open.find((t) => t.id === start)!;
    await app.waitUntil(
      async () => (await byTestId(app, "ticket-summary").getText()).includes(ticket.summary),
      {
        timeoutMsg: `Enter did not open ticket ${start} (${ticket.summary})`,
      },
    );
    await screenshot(app, import.meta.url);
  });
});
