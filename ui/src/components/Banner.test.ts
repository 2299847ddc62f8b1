import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CommandError } from "../lib/ipc";
import { byTestId, click } from "../test/dom";
import Banner from "./Banner.svelte";

let banner: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (banner) unmount(banner);
  banner = undefined;
  document.body.innerHTML = "";
});

function show(error: CommandError) {
  const actions = { onRetry: vi.fn(), onSignIn: vi.fn(), onDismiss: vi.fn() };
  banner = mount(Banner, { target: document.body, props: { error, ...actions } });
  flushSync();
  return actions;
}

describe("Banner", () => {
  it("says the queue is cached when offline, and retries", () => {
    const actions = show(new CommandError("offline", "HaloPSA did not answer."));
    const root = byTestId("banner")!;
    expect(root.getAttribute("role")).toBe("alert");
    expect(root.dataset.kind).toBe("offline");
    expect(root.textContent).toContain("Halodesk will keep trying.");
    click(byTestId("banner-retry"));
    expect(actions.onRetry).toHaveBeenCalledOnce();
    click(byTestId("banner-dismiss"));
    expect(actions.onDismiss).toHaveBeenCalledOnce();
  });

  it("offers to sign in again when the sign-in expired", () => {
    const actions = show(new CommandError("unauthorized", "The token expired."));
    expect(byTestId("banner-retry")).toBeNull();
    click(byTestId("banner-sign-in"));
    expect(actions.onSignIn).toHaveBeenCalledOnce();
  });

  it("shows Halo's refusal and who can lift it", () => {
    show(new CommandError("forbidden", "Your agent may not view this client."));
    expect(byTestId("banner")?.textContent).toContain("Your agent may not view this client.");
    expect(byTestId("banner")?.textContent).toContain("Ask your Halo administrator.");
  });
});
