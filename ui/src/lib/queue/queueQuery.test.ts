import { describe, expect, it } from "vitest";
import { QueueQuery } from "./queueQuery.svelte";

describe("QueueQuery", () => {
  it("lists Needs attention by time left until a column is picked, whatever the last sort", () => {
    const query = new QueueQuery();
    query.showView("open");
    query.sortBy("client");
    expect(query.byTimeLeft).toBe(false);

    query.showView("attention");
    expect(query.byTimeLeft).toBe(true);
    expect(query.sort).toEqual({ column: "sla", direction: "asc" });

    query.sortBy("priority");
    expect(query.byTimeLeft).toBe(false);
    expect(query.sort).toEqual({ column: "priority", direction: "asc" });

    query.showView("mine");
    query.showView("attention");
    expect(query.byTimeLeft).toBe(true);
  });
});
