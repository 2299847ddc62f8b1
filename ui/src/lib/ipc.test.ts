import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { AboutResponse } from "./bindings/AboutResponse";
import { call, CommandError } from "./ipc";

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
      throw { code: "dataDir", message: "Halodesk cannot find its data folder." };
    });

    const error = await call("about", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: "dataDir",
      message: "Halodesk cannot find its data folder.",
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
