import { describe, expect, it } from "vitest";
import { queueRow, session } from "../../test/fixtures";
import { emptyFilter } from "./filter";
import {
  bothTests,
  countMatching,
  countViews,
  filterTest,
  isFilterEmpty,
  searchTerms,
  viewTest,
} from "./filter";
import { indexRows } from "./rows";

const me = session.agent;
const rows = indexRows([
  queueRow({ id: 1, agentId: me.id }),
  queueRow({ id: 2, agentId: null, agentName: "", teamName: "Projects" }),
  queueRow({ id: 3, agentId: 8, sla: { state: "breached", target: "response", dueAt: null } }),
  queueRow({ id: 4, agentId: me.id, closed: true }),
  queueRow({ id: 5, agentId: null, sla: { state: "atRisk", target: "response", dueAt: null } }),
]);

const ids = (test: (r: (typeof rows)[number]) => boolean) => rows.filter(test).map((r) => r.row.id);

describe("views", () => {
  it("lists each view's open tickets, never closed ones", () => {
    expect(ids(viewTest("mine", me))).toEqual([1]);
    expect(ids(viewTest("teams", me))).toEqual([1, 3, 5]);
    expect(ids(viewTest("unassigned", me))).toEqual([2, 5]);
    expect(ids(viewTest("open", me))).toEqual([1, 2, 3, 5]);
    expect(ids(viewTest("attention", me))).toEqual([3, 5]);
  });

  it("counts every view in one pass, matching the views", () => {
    expect(countViews(rows, me)).toEqual({
      mine: 1,
      teams: 3,
      unassigned: 2,
      open: 4,
      attention: 2,
    });
  });
});

describe("filters", () => {
  it("lets everything through when empty", () => {
    expect(isFilterEmpty(emptyFilter())).toBe(true);
    expect(ids(filterTest(emptyFilter()))).toEqual([1, 2, 3, 4, 5]);
  });

  it("needs every chosen list to match", () => {
    const filter = { ...emptyFilter(), agentIds: [me.id, 8], teamNames: ["Service Desk"] };
    expect(ids(filterTest(filter))).toEqual([1, 3, 4]);
    expect(isFilterEmpty(filter)).toBe(false);
  });

  it("searches case-insensitively, every word anywhere, with or without #", () => {
    const search = indexRows([
      queueRow({ id: 101, summary: "Printer jammed", clientName: "Globex" }),
      queueRow({ id: 102, summary: "Email bounce", clientName: "Acme" }),
    ]);
    const found = (text: string) =>
      search.filter(filterTest({ ...emptyFilter(), search: text })).map((r) => r.row.id);
    expect(found("PRINTER")).toEqual([101]);
    expect(found("globex jam")).toEqual([101]);
    expect(found("#102")).toEqual([102]);
    expect(found("printer acme")).toEqual([]);
    expect(searchTerms("  a  #b ")).toEqual(["a", "b"]);
  });

  it("combines with a view and counts saved filters", () => {
    const test = bothTests(
      viewTest("open", me),
      filterTest({ ...emptyFilter(), agentIds: [me.id] }),
    );
    expect(countMatching(rows, test)).toBe(1);
  });
});
