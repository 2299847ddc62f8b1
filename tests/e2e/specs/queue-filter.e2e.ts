import { describe, expect, it } from "vitest";
import { type App, screenshot } from "../support/app";
import type { SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import {
  blur,
  byTestId,
  clearSearch,
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
  const spec = connectedSpec("queue-filter", { waitForAllOpen: true });

  it("filters by a status and a priority, and then by text", async () => {
    const priorities = await spec.sim.priorityNames();
    // The commonest status, then the commonest priority among those: the list is never empty.
    const statusId = mostCommon(spec.open, (t) => t.status_id);
    const withStatus = spec.open.filter((t) => t.status_id === statusId);
    const priorityId = mostCommon(withStatus, (t) => t.priority_id);
    const matching = withStatus.filter((t) => t.priority_id === priorityId);
    const statusName = matching[0]!.status_name;
    const priorityName = priorities.get(priorityId)!;

    await pick(spec.app, "filter-status", statusName);
    await waitForQueueCount(spec.app, withStatus.length, 15_000);
    await pick(spec.app, "filter-priority", priorityName);
    await waitForQueueCount(spec.app, matching.length, 15_000);
    for (const row of await visibleRows(spec.app)) {
      expect(row.text).toContain(statusName);
      expect(row.text).toContain(priorityName);
      expect(matching.map((t) => t.id)).toContain(row.id);
    }
    await screenshot(spec.app, import.meta.url, "status-priority");

    // A word of one of those tickets' summaries.
    const word = matching[0]!.summary.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w))!;
    const bySummary = matching.filter((t) => t.summary.toLowerCase().includes(word.toLowerCase()));
    await search(spec.app, word);
    const hasWord = (text: string) => text.toLowerCase().includes(word.toLowerCase());
    await spec.app.waitUntil(
      async () => {
        const rows = await visibleRows(spec.app);
        return rows.length > 0 && rows.every((r) => hasWord(r.text));
      },
      { timeoutMsg: `searching "${word}" did not narrow the list to rows that hold it` },
    );
    const found = await queueCount(spec.app);
    // The app may search more than the summary (the client's name, say), never less.
    expect(found).toBeGreaterThanOrEqual(bySummary.length);
    expect(found).toBeLessThanOrEqual(matching.length);
    for (const row of await visibleRows(spec.app)) {
      expect(matching.map((t) => t.id)).toContain(row.id);
    }
    await screenshot(spec.app, import.meta.url, "search");
  });

  it("clears the filters and sorts by ID both ways", async () => {
    await clearSearch(spec.app);
    await byTestId(spec.app, "filter-clear").click();
    await waitForQueueCount(spec.app, spec.open.length, 15_000);

    const sortBy = byTestId(spec.app, "sort-id");
    await sortBy.click();
    let first: 1 | -1 = 1;
    await spec.app.waitUntil(
      async () => {
        const ids = (await visibleRows(spec.app)).map((r) => r.id);
        if (ids.length < 2) return false;
        if (isSorted(ids, 1)) first = 1;
        else if (isSorted(ids, -1)) first = -1;
        else return false;
        return true;
      },
      { timeoutMsg: "sorting by ID did not order the rows by ID" },
    );
    await sortBy.click();
    await spec.app.waitUntil(
      async () =>
        isSorted(
          (await visibleRows(spec.app)).map((r) => r.id),
          first === 1 ? -1 : 1,
        ),
      {
        timeoutMsg: "sorting by ID again did not reverse the order",
      },
    );
    // Ascending for the keyboard test, the lowest open ID first.
    if (first === 1) await sortBy.click();
    await spec.app.waitUntil(
      async () =>
        isSorted(
          (await visibleRows(spec.app)).map((r) => r.id),
          1,
        ),
      {
        timeoutMsg: "could not sort by ascending ID",
      },
    );
    const ids = (await visibleRows(spec.app)).map((r) => r.id);
    expect(ids[0]).toBe(Math.min(...spec.open.map((t) => t.id)));
    await screenshot(spec.app, import.meta.url, "sorted");
  });

  it("moves with j and k, and opens with Enter", async () => {
    await blur(spec.app);
    const selectedId = async () => (await visibleRows(spec.app)).find((r) => r.selected)?.id;
    await spec.app.keys("j");
    await spec.app.waitUntil(async () => (await selectedId()) !== undefined, {
      timeoutMsg: "j selected no row",
    });
    const start = (await selectedId())!;
    await spec.app.keys("j");
    await spec.app.waitUntil(async () => (await selectedId()) !== start, {
      timeoutMsg: "a second j did not move the selection",
    });
    const next = (await selectedId())!;
    expect(next).toBeGreaterThan(start);
    await spec.app.keys("k");
    await spec.app.waitUntil(async () => (await selectedId()) === start, {
      timeoutMsg: "k did not move the selection back",
    });

    await spec.app.keys("Enter");
    await byTestId(spec.app, "ticket-view").waitForDisplayed();
    const ticket = spec.open.find((t) => t.id === start)!;
    await spec.app.waitUntil(
      async () => (await byTestId(spec.app, "ticket-summary").getText()).includes(ticket.summary),
      {
        timeoutMsg: `Enter did not open ticket ${start} (${ticket.summary})`,
      },
    );
    await screenshot(spec.app, import.meta.url);
  });
});
