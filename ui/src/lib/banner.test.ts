import { describe, expect, it } from "vitest";
import { bannerText } from "./banner";
import { CommandError } from "./ipc";

describe("bannerText", () => {
  it("tells an offline technician the cache is still there, and offers a retry", () => {
    const text = bannerText(new CommandError("offline", "no route"));
    expect(`${text.title} ${text.detail}`).toBe(
      "HaloPSA can't be reached. Showing cached tickets; Halodesk will keep trying.",
    );
    expect(text.action).toBe("retry");
  });

  it("sends an expired sign-in to sign in again", () => {
    expect(bannerText(new CommandError("unauthorized", "x")).action).toBe("signIn");
  });

  it("points a refusal at the Halo administrator", () => {
    const text = bannerText(new CommandError("forbidden", "You may not list tickets."));
    expect(text.title).toBe("You may not list tickets.");
    expect(text.detail).toBe("Ask your Halo administrator.");
    expect(text.action).toBeNull();
  });
});
