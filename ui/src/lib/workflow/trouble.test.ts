import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../ipc";
import { failureText, onTrouble } from "./trouble";

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe("failureText", () => {
  it("sends connection trouble to the banner, and keeps the rest for the form", () => {
    const reported: string[] = [];
    stop = onTrouble((error) => reported.push(error.code));

    expect(failureText(new CommandError("offline", "HaloPSA did not answer."))).toBe(
      "HaloPSA did not answer.",
    );
    expect(failureText(new CommandError("unauthorized", "Sign in again."))).toBe("Sign in again.");
    expect(failureText(new CommandError("invalid", "Give a reason."))).toBe("Give a reason.");
    expect(failureText(new Error("boom"))).toBe("boom");
    expect(reported).toEqual(["offline", "unauthorized"]);

    stop();
    failureText(new CommandError("offline", "Still away."));
    expect(reported).toHaveLength(2);
  });
});
