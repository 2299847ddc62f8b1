import { describe, expect, it } from "vitest";
import type { OutboxState } from "../bindings/OutboxState";
import { outboxItem } from "../../test/fixtures";
import {
  canDiscard,
  canRetry,
  outboxTone,
  pendingText,
  stateText,
  writeNotice,
} from "./outboxText";

const clock = (iso: string) => iso.slice(11, 16);

describe("stateText", () => {
  it("says where each write stands in plain words", () => {
    const text = (state: OutboxState, more: Parameters<typeof outboxItem>[0] = {}) =>
      stateText(outboxItem({ state, ...more }), clock);
    expect(text("queued")).toBe("Queued");
    expect(text("sending")).toBe("Sending…");
    expect(
      text("retrying", { nextAttemptAt: "2025-03-12T14:05:00Z", lastError: "HaloPSA is down." }),
    ).toBe("Will retry at 14:05: HaloPSA is down.");
    expect(text("retrying")).toBe("Will retry soon");
    expect(text("unknown")).toBe("Checking whether it arrived");
    expect(text("rejected", { lastError: "Ticket is closed." })).toBe("Refused: Ticket is closed.");
    expect(text("rejected")).toBe("Refused: HaloPSA gave no reason");
    expect(text("delivered")).toBe("Sent");
  });
});

describe("what the outbox offers", () => {
  it("retries what failed or is unknown, and discards only what is not going out", () => {
    const states: OutboxState[] = [
      "queued",
      "sending",
      "retrying",
      "unknown",
      "rejected",
      "delivered",
    ];
    expect(states.filter(canRetry)).toEqual(["retrying", "unknown", "rejected"]);
    expect(states.filter(canDiscard)).toEqual(["queued", "retrying", "rejected"]);
  });

  it("looks refused when anything was refused, before anything unknown", () => {
    const items = (...states: OutboxState[]) => states.map((state) => outboxItem({ state }));
    expect(outboxTone(items("queued", "retrying"))).toBe("waiting");
    expect(outboxTone(items("queued", "unknown"))).toBe("unknown");
    expect(outboxTone(items("unknown", "rejected"))).toBe("refused");
    expect(pendingText(3)).toBe("3 waiting to send");
  });
});

describe("writeNotice", () => {
  it("calls a write queued for later saved, not failed", () => {
    for (const state of ["queued", "retrying"] as const) {
      expect(writeNotice(outboxItem({ state }))).toEqual({
        text: "Saved — will send when HaloPSA is reachable.",
        tone: "waiting",
      });
    }
    expect(writeNotice(outboxItem()).tone).toBe("sent");
    const refused = writeNotice(outboxItem({ state: "rejected", lastError: "No such agent." }));
    expect(refused.tone).toBe("refused");
    expect(refused.text).toContain("No such agent.");
  });
});
