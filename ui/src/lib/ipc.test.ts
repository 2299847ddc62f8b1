import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emit, listening } from "../test/events";
import type { AboutResponse } from "./bindings/AboutResponse";
import type { OpenTicketEvent } from "./bindings/OpenTicketEvent";
import { call, CommandError, listen } from "./ipc";

vi.mock("@tauri-apps/api/event", () => import("../test/events"));

const about: AboutResponse = {
  version: "1.2.3",
  build: { commit: "abc1234", profile: "release", identifier: "com.halodesk.desktop" },
  dataDir: "/home/tech/.local/share/com.halodesk.desktop",
  platform: "linux x86_64",
  startedAtMs: 1_700_000_000_000,
};

afterEach(() => clearMocks());

describe("call", () => {
  it("sends the request under `request` and resolves to the response", async () => {
    const seen: Array<[string, unknown]> = [];
    mockIPC((command, args) => {
      seen.push([command, args]);
      return about;
    });

    await expect(call("about", {})).resolves.toEqual(about);
    expect(seen).toEqual([["about", { request: {} }]]);
  });

  it("turns Rust's { code, message } into a CommandError with that code", async () => {
    mockIPC(() => {
      throw { code: "storage", message: "Halodesk cannot read its database." };
    });

    const error = await call("about", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: "storage",
      message: "Halodesk cannot read its database.",
    });
  });

  it("reports a refusal by the bridge itself as an ipc error a technician can act on", async () => {
    mockIPC(() => {
      throw "about not allowed. Command not found";
    });

    const error = await call("about", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ipc" });
    expect((error as CommandError).message).toContain("about not allowed");
    expect((error as CommandError).message).toContain("Restart Halodesk");
  });
});

describe("listen", () => {
  it("hands each payload to the handler until stopped", async () => {
    const seen: OpenTicketEvent[] = [];
    const stop = listen("sla-open-ticket", (event) => seen.push(event));
    await vi.waitFor(() => expect(listening("sla-open-ticket")).toBe(1));

    emit("sla-open-ticket", { ticketId: 7, escalate: false });
    stop();
    emit("sla-open-ticket", { ticketId: 8, escalate: true });
    expect(seen).toEqual([{ ticketId: 7, escalate: false }]);
    expect(listening("sla-open-ticket")).toBe(0);
  });

  it("removes a listener stopped before Tauri had registered it", async () => {
    const stop = listen("sla-status", () => {});
    stop();
    // Tauri has not answered yet: the listener goes once it does.
    expect(listening("sla-status")).toBe(1);
    await vi.waitFor(() => expect(listening("sla-status")).toBe(0));
  });

  it("says when it is listening, so a state read then misses no change", async () => {
    const order: string[] = [];
    const stop = listen(
      "outbox-changed",
      () => order.push("event"),
      () => order.push(`ready with ${listening("outbox-changed")} listening`),
    );
    await vi.waitFor(() => expect(order).toEqual(["ready with 1 listening"]));
    stop();
  });

  it("is never ready once stopped", async () => {
    const ready = vi.fn();
    listen("outbox-changed", () => {}, ready)();
    await vi.waitFor(() => expect(listening("outbox-changed")).toBe(0));
    expect(ready).not.toHaveBeenCalled();
  });
});
