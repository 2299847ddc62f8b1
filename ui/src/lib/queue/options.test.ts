import { describe, expect, it } from "vitest";
import { lookups, queueRow } from "../../test/fixtures";
import { clientOptions, statusOptions, teamOptions } from "./options";

describe("filter options", () => {
  it("offers open statuses from the lookups, then ones only rows name", () => {
    const rows = [queueRow({ statusId: 5, statusName: "Waiting on client" })];
    expect(statusOptions(lookups.statuses, rows).map((o) => o.name)).toEqual([
      "New",
      "In Progress",
      "Waiting on client",
    ]);
  });

  it("offers the clients present in rows, once each, by name", () => {
    const rows = [
      queueRow({ clientId: 2, clientName: "Globex" }),
      queueRow({ clientId: 1, clientName: "Acme" }),
      queueRow({ clientId: 2, clientName: "Globex" }),
      queueRow({ clientId: null, clientName: "" }),
    ];
    expect(clientOptions(rows)).toEqual([
      { value: 1, name: "Acme", colour: "" },
      { value: 2, name: "Globex", colour: "" },
    ]);
  });

  it("uses team names as values, as tickets do", () => {
    const rows = [queueRow({ teamName: "Projects" })];
    expect(teamOptions(lookups.teams, rows).map((o) => o.value)).toEqual([
      "Service Desk",
      "Projects",
    ]);
  });
});
