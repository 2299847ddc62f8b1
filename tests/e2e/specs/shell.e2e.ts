import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, launchApp, screenshot } from "../support/app";

/** The version Rust reports comes from the workspace manifest; read it the same way. */
function workspaceVersion(): string {
  const manifest = readFileSync("Cargo.toml", "utf8");
  const version = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(manifest)?.[1];
  if (!version) throw new Error("Cargo.toml has no [workspace.package] version");
  return version;
}

describe("the app shell", () => {
  let app: App;

  beforeAll(async () => {
    app = await launchApp();
  });

  afterAll(async () => {
    await app?.deleteSession();
  });

  it("opens on the sidebar, the main pane and the status bar", async () => {
    await expect(app.getTitle()).resolves.toBe("Halodesk");
    await app.$("nav.sidebar").waitForDisplayed();
    await app.$('[data-testid="home"]').waitForDisplayed();
    const versionInStatus = app.$('[data-testid="status-version"]');
    await versionInStatus.waitForDisplayed();
    await expect(versionInStatus.getText()).resolves.toBe(`Halodesk ${workspaceVersion()}`);
    await screenshot(app, import.meta.url);
  });

  it("shows the version, build and data folder that Rust returned in About", async () => {
    await app.$('[data-testid="open-about"]').click();
    const version = app.$('[data-testid="about-version"]');
    await version.waitForDisplayed();
    await expect(version.getText()).resolves.toBe(`Version ${workspaceVersion()}`);

    const commit = execFileSync("git", ["rev-parse", "--short=10", "HEAD"], {
      encoding: "utf8",
    }).trim();
    await expect(app.$('[data-testid="about-build"]').getText()).resolves.toBe(`${commit} (debug)`);
    // The e2e build has its own identifier, so its data never mixes with a real installation's.
    await expect(app.$('[data-testid="about-identifier"]').getText()).resolves.toBe(
      "com.halodesk.desktop.e2e",
    );
    const dataDir = await app.$('[data-testid="about-data-dir"]').getText();
    expect(dataDir).toBe(`${process.env.XDG_DATA_HOME}/com.halodesk.desktop.e2e`);
    await screenshot(app, import.meta.url, "about");

    await app.$('[data-testid="close-about"]').click();
    await app.$('[data-testid="about-version"]').waitForDisplayed({ reverse: true });
  });

  it("runs under a CSP that refuses inline scripts", async () => {
    const ran = await app.executeAsync((done: (ran: boolean) => void) => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineScriptRan = true";
      document.head.append(script);
      setTimeout(
        () => done(Boolean((window as { __inlineScriptRan?: boolean }).__inlineScriptRan)),
        100,
      );
    });
    expect(ran).toBe(false);
  });
});
