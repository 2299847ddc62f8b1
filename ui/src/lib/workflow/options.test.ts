import { describe, expect, it } from "vitest";
import { choices } from "../../test/fixtures";
import { moreUrgentThan, statusGroups, usersAtSite } from "./options";

describe("statusGroups", () => {
  it("groups statuses by meaning in the order a ticket moves, leaving out empty groups", () => {
    const groups = statusGroups([...choices.statuses].reverse());
    expect(groups.map((g) => [g.label, g.statuses.map((s) => s.name)])).toEqual([
      ["New", ["New"]],
      ["In progress", ["In Progress"]],
      ["Waiting", ["Waiting on Client"]],
      ["Resolved or closed", ["Resolved"]],
    ]);
    expect(statusGroups(choices.statuses.filter((s) => s.meaning !== "waiting"))).toHaveLength(3);
  });
});

describe("moreUrgentThan", () => {
  const priorities = [...choices.priorities].reverse();

  it("offers only strictly more urgent priorities, most urgent first", () => {
    expect(moreUrgentThan(priorities, 4).map((p) => p.name)).toEqual(["Critical", "High"]);
    expect(moreUrgentThan(priorities, 1)).toEqual([]);
  });

  it("offers every priority from none, or from one not on the list", () => {
    expect(moreUrgentThan(priorities, null)).toHaveLength(4);
    expect(moreUrgentThan(priorities, 99).map((p) => p.urgency)).toEqual([0, 1, 2, 3]);
  });
});

describe("usersAtSite", () => {
  const users = [
    { id: 1, name: "Pat", email: "", siteId: 10 },
    { id: 2, name: "Lee", email: "", siteId: 11 },
  ];

  it("narrows the users to the chosen site, and offers all until one is chosen", () => {
    expect(usersAtSite(users, 11).map((u) => u.name)).toEqual(["Lee"]);
    expect(usersAtSite(users, null)).toHaveLength(2);
  });
});
