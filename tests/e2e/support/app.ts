/**
 * Starts the real Halodesk window through WebKitWebDriver and saves screenshots of it.
 * `run.sh` builds the app and `session.sh` provides the display, D-Bus, the keyring and the driver.
 */
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { remote } from "webdriverio";

export type App = WebdriverIO.Browser;

/** The e2e build's identifier (`src-tauri/tauri.e2e.conf.json`), which names its data dir. */
export const APP_IDENTIFIER = "com.halodesk.desktop.e2e";

const screenshotDir = join(process.cwd(), "target", "e2e-screenshots");

export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the specs through \`npm run e2e\``);
  }
  return value;
}

/** Opens a window of `binary` (the app, or a wrapper that starts it); a new app process each time. */
async function launch(binary: string): Promise<App> {
  return remote({
    hostname: "127.0.0.1",
    port: Number(required("HALODESK_E2E_WEBDRIVER_PORT")),
    logLevel: "warn",
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "webkitgtk:browserOptions": { binary, args: [] },
    } as WebdriverIO.Capabilities,
  });
}

/** Opens a fresh app window on the session's shared data dir; every call starts a new app process. */
export async function launchApp(): Promise<App> {
  return launch(required("HALODESK_E2E_APP"));
}

/**
 * A data home of one spec's own, so each spec starts on the welcome screen whatever ran before.
 *
 * The driver's capabilities cannot give the app an environment, and the session's
 * XDG_DATA_HOME is set once per run; so the driver starts a small wrapper instead of the app,
 * which sets XDG_DATA_HOME and `exec`s the app (same process, so the driver still owns it) and
 * writes its process ID down, so a spec can wait until the app has really quit.
 */
export class AppHome {
  private constructor(
    /** The XDG_DATA_HOME the app gets. */
    readonly dataHome: string,
    private readonly wrapper: string,
    private readonly pidFile: string,
  ) {}

  static async create(name: string): Promise<AppHome> {
    const parent = process.env.HALODESK_E2E_SCRATCH ?? tmpdir();
    const root = await mkdtemp(join(parent, `${name}-`));
    const dataHome = join(root, "data");
    await mkdir(dataHome, { recursive: true });
    const wrapper = join(root, "halodesk");
    const pidFile = join(root, "app.pid");
    const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    await writeFile(
      wrapper,
      [
        "#!/bin/sh",
        `echo $$ > ${quote(pidFile)}`,
        `export XDG_DATA_HOME=${quote(dataHome)}`,
        `exec ${quote(required("HALODESK_E2E_APP"))} "$@"`,
        "",
      ].join("\n"),
    );
    await chmod(wrapper, 0o755);
    return new AppHome(dataHome, wrapper, pidFile);
  }

  /** The app's data dir: its database and the webview's storage. */
  get dataDir(): string {
    return join(this.dataHome, APP_IDENTIFIER);
  }

  /** Starts the app on this data home. */
  async launch(): Promise<App> {
    return launch(this.wrapper);
  }

  /** The running app's process ID (the driver starts it through the wrapper, which execs). */
  async pid(): Promise<number> {
    return Number((await readFile(this.pidFile, "utf8")).trim());
  }

  /**
   * Kills the app with SIGKILL, as a crash or a power cut would: nothing is saved on the way
   * out. Ends the driver session afterwards.
   */
  async kill(app: App): Promise<void> {
    const pid = await this.pid();
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 100 && isRunning(pid); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await app.deleteSession().catch(() => undefined);
    if (isRunning(pid)) throw new Error(`the app (pid ${pid}) survived SIGKILL`);
  }

  /**
   * Closes the window, as a person quitting would (the app exits when its last window closes),
   * waits until the app process is gone so its files are final, and ends the driver session.
   */
  async quit(app: App): Promise<void> {
    const pid = Number((await readFile(this.pidFile, "utf8").catch(() => "")).trim());
    await app.closeWindow().catch(() => undefined);
    for (let i = 0; pid && i < 100 && isRunning(pid); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Ends the session, and the app with it if closing the window did not.
    await app.deleteSession().catch(() => undefined);
    for (let i = 0; pid && i < 50 && isRunning(pid); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (pid && isRunning(pid)) throw new Error(`the app (pid ${pid}) did not quit`);
  }
}

/** Whether a process is alive; a zombie waiting for the driver to reap it has quit. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat = "";
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) Z/.test(stat);
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
  const spec = basename(fileURLToPath(specUrl)).replace(/(\.e2e)?\.ts$/, "");
  const path = join(screenshotDir, step ? `${spec}-${step}.png` : `${spec}.png`);
  await app.saveScreenshot(path);
  return path;
}
