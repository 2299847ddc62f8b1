import { describe, expect, it } from "vitest";
import { queueRow, session } from "../../test/fixtures";
import { bothTests, filterTest, emptyFilter, viewTest } from "../queue/filter";
import { indexRow } from "../queue/rows";
import { revealIn } from "./reveal";

const mine = viewTest("mine", session.agent);

describe("revealIn", () => {
  it("keeps the view on screen when it lists the ticket", () => {
    expect(revealIn(indexRow(queueRow({ id: 1, agentId: 7 })), mine)).toBe("here");
  });

  it("goes to All open when the view, or its filters, leave the ticket out", () => {
    expect(revealIn(indexRow(queueRow({ id: 2, agentId: null })), mine)).toBe("allOpen");
    const searching = bothTests(mine, filterTest({ ...emptyFilter(), search: "router" }));
    expect(revealIn(indexRow(queueRow({ id: 1, agentId: 7 })), searching)).toBe("allOpen");
  });

  it("stays put for a ticket no view lists: closed, or not in the cache", () => {
    expect(revealIn(indexRow(queueRow({ id: 3, agentId: null, closed: true })), mine)).toBe("here");
    expect(revealIn(undefined, mine)).toBe("here");
  });
});
