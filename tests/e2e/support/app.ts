/**
 * Starts the real Halodesk window through WebKitWebDriver and saves screenshots of it.
 * `run.sh` builds the app and `session.sh` provides the display, D-Bus and the driver.
 */
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

export type App = WebdriverIO.Browser;

const screenshotDir = join(process.cwd(), "target", "e2e-screenshots");

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the specs through \`npm run e2e\``);
  }
  return value;
}

/** Opens a fresh app window; every call starts a new app process. */
export async function launchApp(): Promise<App> {
  return remote({
    hostname: "127.0.0.1",
    port: Number(required("HALODESK_E2E_WEBDRIVER_PORT")),
    logLevel: "warn",
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "webkitgtk:browserOptions": { binary: required("HALODESK_E2E_APP"), args: [] },
    } as WebdriverIO.Capabilities,
  });
}

/** Waits for fonts and two frames, so the picture shows what a person would see. */
export async function settle(app: App): Promise<void> {
  await app.executeAsync((done: () => void) => {
    void document.fonts.ready.then(() =>
      requestAnimationFrame(() => requestAnimationFrame(() => done())),
    );
  });
}

/**
 * Saves `target/e2e-screenshots/<spec>.png` (or `<spec>-<step>.png`) after the DOM settles;
 * `specUrl` is the spec's `import.meta.url`.
 */
export async function screenshot(app: App, specUrl: string, step?: string): Promise<string> {
  await settle(app);
  await mkdir(screenshotDir, { recursive: true });
  const spec = basename(fileURLToPath(specUrl)).replace(/\.e2e\.ts$/, "");
  const path = join(screenshotDir, step ? `${spec}-${step}.png` : `${spec}.png`);
  await app.saveScreenshot(path);
  return path;
}
