import { describe, expect, it } from "vitest";
import { queueRow } from "../../test/fixtures";
import { applyDelta, indexRow, replaceRow } from "./rows";

describe("indexRow", () => {
  it("searches the ID, summary, client and agent, lowercased", () => {
    const indexed = indexRow(queueRow({ id: 4021, summary: "VPN Down", agentName: "Sam Lee" }));
    for (const part of ["4021", "vpn down", "acme ltd", "sam lee"]) {
      expect(indexed.searchKey).toContain(part);
    }
  });

  it("has no due time for a clock that is not running", () => {
    const paused = indexRow(queueRow({ sla: { state: "paused", target: null, dueAt: null } }));
    expect(paused.dueMs).toBe(Infinity);
    expect(paused.needsAttention).toBe(false);
  });

  it("needs attention when at risk or breached", () => {
    const atRisk = queueRow({ sla: { state: "atRisk", target: "response", dueAt: null } });
    const breached = queueRow({ sla: { state: "breached", target: "response", dueAt: null } });
    expect(indexRow(atRisk).needsAttention).toBe(true);
    expect(indexRow(breached).needsAttention).toBe(true);
  });
});

describe("applyDelta", () => {
  const rows = [queueRow({ id: 1 }), queueRow({ id: 2 }), queueRow({ id: 3 })];
  const delta = { removedIds: [], lookups: null, full: false, syncedAt: null };

  it("merges changed rows by ID and drops removed ones", () => {
    const next = applyDelta(rows, {
      ...delta,
      changed: [queueRow({ id: 2, summary: "Changed" }), queueRow({ id: 4 })],
      removedIds: [3],
    });
    expect(next.map((r) => r.id).sort()).toEqual([1, 2, 4]);
    expect(next.find((r) => r.id === 2)?.summary).toBe("Changed");
  });

  it("replaces everything on a full sync", () => {
    const next = applyDelta(rows, { ...delta, full: true, changed: [queueRow({ id: 9 })] });
    expect(next.map((r) => r.id)).toEqual([9]);
  });

  it("keeps the same array when nothing changed, so nothing recomputes", () => {
    expect(applyDelta(rows, { ...delta, changed: [] })).toBe(rows);
  });
});

describe("replaceRow", () => {
  it("swaps the row with the same ID, or adds it", () => {
    const rows = [queueRow({ id: 1 }), queueRow({ id: 2 })];
    expect(replaceRow(rows, queueRow({ id: 2, summary: "New" }))[1]?.summary).toBe("New");
    expect(replaceRow(rows, queueRow({ id: 3 }))).toHaveLength(3);
  });
});
