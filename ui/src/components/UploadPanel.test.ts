import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { UploadItem } from "../lib/bindings/UploadItem";
import { drops } from "../lib/uploads/drops.svelte";
import { uploads } from "../lib/uploads/uploads.svelte";
import { backend } from "../test/backend";
import { byTestId, click, findByTestId, type } from "../test/dom";
import { emit } from "../test/events";
import { uploadItem } from "../test/fixtures";
import UploadPanel from "./UploadPanel.svelte";

vi.mock("@tauri-apps/api/event", () => import("../test/events"));

const TICKET = 42;

const item = (overrides: Partial<UploadItem> = {}) =>
  uploadItem({ ticketId: TICKET, ...overrides });

const list = (...items: UploadItem[]) => ({ items });

let panel: ReturnType<typeof mount> | undefined;

function open() {
  panel = mount(UploadPanel, { target: document.body, props: { ticketId: TICKET } });
  flushSync();
}

afterEach(() => {
  if (panel) unmount(panel);
  panel = undefined;
  uploads.stop();
  drops.stop();
  clearMocks();
  document.body.innerHTML = "";
});

describe("UploadPanel", () => {
  it("moves the bar with the shell's events and says when the file landed", async () => {
    backend({ upload_list: () => list(item()) });
    uploads.start(1);
    open();
    await findByTestId("upload-item", '[data-state="queued"]');
    const landed: UploadItem[] = [];
    const stop = uploads.onLanded((done) => landed.push(done));

    emit(
      "upload-changed",
      item({
        state: "sending",
        sentBytes: 2 * 1024 * 1024,
        bytesPerSecond: 1024 * 1024,
        revision: 5,
      }),
    );
    expect(byTestId("upload-progress")!.getAttribute("aria-valuenow")).toBe("50");
    expect(byTestId("upload-status")!.textContent).toBe("2.0 MB of 4.0 MB · 1.0 MB/s");

    // An older copy of the row that arrives late never moves the bar back, nor does an
    // earlier progress report of the same send.
    emit("upload-changed", item({ state: "queued", revision: 4 }));
    emit("upload-changed", item({ state: "sending", sentBytes: 1024, revision: 5 }));
    expect(byTestId("upload-progress")!.getAttribute("aria-valuenow")).toBe("50");

    emit(
      "upload-changed",
      item({ state: "done", sentBytes: 4 * 1024 * 1024, attachmentId: 9, revision: 6 }),
    );
    expect(byTestId("upload-progress")!.getAttribute("aria-valuenow")).toBe("100");
    expect(byTestId("upload-status")!.textContent).toBe("4.0 MB · attached");
    expect(landed.map((done) => done.attachmentId)).toEqual([9]);
    stop();
  });

  it("pastes with Ctrl+V outside text fields, with the note typed for it once", async () => {
    const rust = backend({
      upload_list: () => list(),
      upload_paste: () => list(item({ filename: "Screenshot.png" })),
    });
    uploads.start(1);
    open();
    type("upload-note", "The error on login");

    document.body.dispatchEvent(
      new KeyboardEvent("keydown", { key: "v", code: "KeyV", ctrlKey: true, bubbles: true }),
    );
    await vi.waitFor(() => expect(rust.requests("upload_paste")).toHaveLength(1));
    expect(rust.requests("upload_paste")[0]).toEqual({
      ticketId: TICKET,
      options: { note: "The error on login", visibleToUser: false },
    });
    await findByTestId("upload-item");
    expect(byTestId<HTMLInputElement>("upload-note")!.value).toBe("");

    // Ctrl+V in a text field pastes text there, as ever.
    byTestId("upload-note")!.dispatchEvent(
      new KeyboardEvent("keydown", { key: "v", code: "KeyV", ctrlKey: true, bubbles: true }),
    );
    expect(rust.requests("upload_paste")).toHaveLength(1);
  });

  it("cancels, retries and clears, and shows why a file failed", async () => {
    const failed = item({ id: 2, filename: "empty.txt", state: "failed", error: "It is empty." });
    const rust = backend({
      upload_list: () => list(item({ state: "sending", sentBytes: 10 }), failed),
      upload_cancel: () => list(item({ state: "cancelled", revision: 1 }), failed),
      upload_retry: () => list(item({ state: "queued", revision: 2 }), failed),
      upload_clear: () => list(item({ state: "queued", revision: 3 })),
    });
    uploads.start(1);
    open();
    await findByTestId("upload-item", '[data-state="failed"]');
    expect(document.body.textContent).toContain("It is empty.");

    click(byTestId("upload-cancel"));
    await findByTestId("upload-item", '[data-state="cancelled"]');
    click(byTestId("upload-item", '[data-state="cancelled"] [data-testid="upload-retry"]'));
    await vi.waitFor(() => expect(rust.requests("upload_retry")).toEqual([{ id: 1 }]));
    expect(rust.requests("upload_cancel")).toEqual([{ id: 1 }]);

    click(await findByTestId("upload-clear"));
    await vi.waitFor(() => expect(byTestId("upload-item", '[data-state="failed"]')).toBeNull());
  });
});

describe("dropping files", () => {
  it("lands on the ticket under the pointer, and says so when there is none", async () => {
    const rust = backend({ upload_list: () => list(), upload_drop: () => list(item()) });
    uploads.start(1);
    drops.start();
    document.body.innerHTML = `<div data-drop-ticket="7"><span id="inside">row</span></div>`;
    const inside = document.getElementById("inside")!;
    let under: Element | null = inside;
    document.elementFromPoint = vi.fn(() => under);

    emit("file-drop", { kind: "hover", x: 40, y: 12, count: 2 });
    emit("file-drop", { kind: "hover", x: 41, y: 12, count: 0 });
    expect([drops.target, drops.count]).toEqual([7, 2]);
    emit("file-drop", { kind: "drop", dropId: 5, x: 40, y: 12, count: 2 });
    expect(drops.target).toBeNull();
    await vi.waitFor(() => expect(rust.requests("upload_drop")).toHaveLength(1));
    expect(rust.requests("upload_drop")[0]).toMatchObject({ dropId: 5, ticketId: 7 });
    expect(document.elementFromPoint).toHaveBeenCalledWith(40, 12);

    under = document.body;
    emit("file-drop", { kind: "drop", dropId: 6, x: 900, y: 700, count: 1 });
    await vi.waitFor(() => expect(drops.error).toContain("Drop files on an open ticket"));
    expect(rust.requests("upload_drop")).toHaveLength(1);
  });
});
