/**
 * Drops files on the app window the way a file manager does, with a real X11 drag-and-drop, so
 * Tauri's `WindowEvent::DragDrop` fires: WebDriver can only fake drags inside the page.
 * `drag-file.py` does the work with GTK and xdotool (apt: python3-gi gir1.2-gtk-3.0 xdotool).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { App } from "./app";

const script = fileURLToPath(new URL("./drag-file.py", import.meta.url));

/**
 * Drags `files` from a small source window at the screen's top-left corner to `to`, in screen
 * pixels (device pixels: the window's position plus the point inside it, times the scale), and
 * resolves once the drop was accepted. `to` must not fall in that 120×60 source.
 */
export async function dragFiles(files: string[], to: { x: number; y: number }): Promise<void> {
  const args = [script, ...files, "--to", String(Math.round(to.x)), String(Math.round(to.y))];
  try {
    // Debian's own python, which the apt GTK bindings belong to (not a pyenv or venv one).
    // The script gives up on its own after 15 s; this timeout only guards against a hang.
    await promisify(execFile)("/usr/bin/python3", args, { env: process.env, timeout: 30_000 });
  } catch (error) {
    const { stdout = "", stderr = "", message } = error as Error & Record<string, string>;
    const output = [stderr.trim(), stdout.trim()].filter(Boolean).join("\n") || message;
    throw new Error(`dragging ${files.join(", ")} to ${to.x},${to.y} failed: ${output}`);
  }
}

/**
 * Where an element's centre is on the screen, for `dragFiles`: the window's position plus the
 * point in the page, in device pixels. With no window manager (Xvfb) the window has no frame,
 * so its position is its page's.
 */
export async function screenPointOf(
  app: App,
  element: WebdriverIO.Element,
): Promise<{ x: number; y: number }> {
  const window = await app.getWindowRect();
  const inPage = await app.execute(
    (el: HTMLElement) => {
      const box = el.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2, scale: devicePixelRatio };
    },
    element as unknown as HTMLElement,
  );
  return { x: window.x + inPage.x * inPage.scale, y: window.y + inPage.y * inPage.scale };
}
