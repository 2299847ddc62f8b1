import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, tick, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { AboutResponse } from "../lib/bindings/AboutResponse";
import AboutDialog from "./AboutDialog.svelte";

const about: AboutResponse = {
  version: "1.2.3",
  build: { commit: "abc1234567", profile: "release", identifier: "com.halodesk.desktop" },
  dataDir: "/home/tech/.local/share/com.halodesk.desktop",
  platform: "linux x86_64",
  startedAtMs: 1_700_000_000_000,
};

let component: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (component) unmount(component);
  document.body.innerHTML = "";
  clearMocks();
});

/** Lets the command's promise settle and the component redraw. */
async function settle() {
  for (let i = 0; i < 3; i++) await tick();
  flushSync();
}

function render(props: { about: AboutResponse | null; error: string | null }) {
  component = mount(AboutDialog, { target: document.body, props });
  flushSync();
  const text = (testId: string) =>
    document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
  return { text };
}

describe("AboutDialog", () => {
  it("shows the version, build and data folder that Rust reported", () => {
    const { text } = render({ about, error: null });
    expect(text("about-version")).toBe("Version 1.2.3");
    expect(text("about-build")).toBe("abc1234567 (release)");
    expect(text("about-identifier")).toBe("com.halodesk.desktop");
    expect(text("about-data-dir")).toBe(about.dataDir);
  });

  it("says what went wrong when the details could not be read", () => {
    render({ about: null, error: "Halodesk cannot find its data folder." });
    expect(document.querySelector('[role="alert"]')?.textContent).toBe(
      "Halodesk cannot find its data folder.",
    );
    expect(document.querySelector('[data-testid="about-version"]')).toBeNull();
  });

  it("opens the log folder through the app", async () => {
    const seen: string[] = [];
    mockIPC((command) => {
      seen.push(command);
      return {};
    });
    render({ about, error: null });
    document.querySelector<HTMLButtonElement>('[data-testid="open-log-folder"]')?.click();
    await settle();
    expect(seen).toEqual(["log_folder_open"]);
    expect(document.querySelector('[data-testid="log-folder-error"]')).toBeNull();
  });

  it("says why the log folder did not open", async () => {
    mockIPC(() => {
      throw { code: "file", message: "No file manager took the folder." };
    });
    render({ about, error: null });
    document.querySelector<HTMLButtonElement>('[data-testid="open-log-folder"]')?.click();
    await settle();
    expect(document.querySelector('[data-testid="log-folder-error"]')?.textContent).toBe(
      "No file manager took the folder.",
    );
  });
});
