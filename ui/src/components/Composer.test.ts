import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { outbox } from "../lib/workflow/outbox.svelte";
import { backend, type Handler } from "../test/backend";
import { byTestId, click, findByTestId, type } from "../test/dom";
import { outboxItem, outboxList } from "../test/fixtures";
import Composer from "./Composer.svelte";

let composer: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (composer) unmount(composer);
  composer = undefined;
  outbox.stop();
  clearMocks();
  document.body.innerHTML = "";
});

function start(handlers: Record<string, Handler>, onSent = () => {}) {
  const rust = backend({
    draft_get: () => ({ draft: null }),
    draft_save: () => ({}),
    draft_clear: () => ({}),
    outbox_list: () => outboxList(),
    ...handlers,
  });
  composer = mount(Composer, {
    target: document.body,
    props: { ticketId: 42, endUser: "Pat Doe", endUserEmail: "pat@acme.test", onSent },
  });
  flushSync();
  return rust;
}

const EMPTY_NOTE = {
  kind: "internalNote",
  note: "",
  emailUser: false,
  minutes: 0,
  billable: false,
  fromTimer: false,
};

const note = () => byTestId<HTMLTextAreaElement>("composer-note")!;

describe("Composer", () => {
  it("sends a client note with its time, its draft flushed first, then clears and reloads", async () => {
    const onSent = vi.fn();
    const rust = start({ action_add: () => outboxItem({ state: "delivered" }) }, onSent);
    await vi.waitFor(() => expect(rust.requests("draft_get")).toEqual([{ key: "note:42" }]));
    expect(byTestId("composer")?.dataset.visibility).toBe("internal");

    click(byTestId("composer-kind-clientNote"));
    expect(byTestId("composer")?.dataset.visibility).toBe("client");
    expect(byTestId("composer")?.textContent).toContain("Visible to client");
    type("composer-note", "Replaced the toner; printing again.");
    click(byTestId("composer-email-user"));
    expect(byTestId("composer")?.textContent).toContain("Email it to Pat Doe");
    type("composer-minutes", "20");
    click(byTestId("composer-billable"));
    click(byTestId("composer-send"));

    await vi.waitFor(() => expect(onSent).toHaveBeenCalledOnce());
    expect(rust.requests("action_add")).toEqual([
      {
        ticketId: 42,
        kind: "clientNote",
        note: "Replaced the toner; printing again.",
        emailUser: true,
        minutes: 20,
        billable: true,
        fromTimer: false,
        draftKey: "note:42",
      },
    ]);
    // The draft was on disk before the write took it.
    const commands = rust.calls.map(([c]) => c);
    expect(commands.lastIndexOf("draft_save")).toBeLessThan(commands.indexOf("action_add"));
    expect(JSON.parse(String(rust.requests("draft_save").at(-1)?.body))).toMatchObject({
      note: "Replaced the toner; printing again.",
    });

    expect(note().value).toBe("");
    expect(byTestId<HTMLInputElement>("composer-minutes")?.value).toBe("0");
    expect(byTestId("composer")?.dataset.visibility).toBe("internal");
    expect((await findByTestId("write-notice")).textContent).toContain("Sent to HaloPSA.");
  });

  it("brings back a draft typed before the app was killed", async () => {
    const body = JSON.stringify({
      kind: "phoneCall",
      note: "Called Pat, no answer",
      emailUser: false,
      minutes: 15,
      billable: true,
      fromTimer: false,
    });
    start({
      draft_get: () => ({ draft: { key: "note:42", body, savedAt: "2025-03-12T13:00:00Z" } }),
    });

    await vi.waitFor(() => expect(note().value).toBe("Called Pat, no answer"));
    expect(byTestId<HTMLInputElement>("composer-kind-phoneCall")?.checked).toBe(true);
    expect(byTestId<HTMLInputElement>("composer-minutes")?.value).toBe("15");
    expect(byTestId<HTMLInputElement>("composer-billable")?.checked).toBe(true);
    expect(byTestId("draft-saved")?.textContent).toBe("Draft saved");
  });

  it("saves the draft as the technician types, a moment after the typing stops", async () => {
    const rust = start({});
    await vi.waitFor(() => expect(rust.requests("draft_get")).toHaveLength(1));
    type("composer-note", "Checking the");
    type("composer-note", "Checking the logs");
    await vi.waitFor(() => expect(rust.requests("draft_save")).toHaveLength(1));
    expect(JSON.parse(String(rust.requests("draft_save")[0]?.body))).toMatchObject({
      kind: "internalNote",
      note: "Checking the logs",
    });
    await findByTestId("draft-saved");
  });

  it("says a note written offline is saved for later, with Ctrl+Enter to send", async () => {
    const rust = start({
      action_add: () => outboxItem({ state: "retrying", lastError: "HaloPSA did not answer." }),
    });
    type("composer-note", "Rebooted the router");
    note().dispatchEvent(
      new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }),
    );
    const notice = await findByTestId("write-notice");
    expect(notice.textContent?.trim()).toBe("Saved — will send when HaloPSA is reachable.");
    expect(rust.requests("action_add")[0]).toMatchObject({ kind: "internalNote" });
    expect(byTestId("composer-error")).toBeNull();
  });

  it("keeps the note and says why when Rust refuses it", async () => {
    start({
      action_add: () => {
        throw {
          code: "invalid",
          message: "This ticket's end user has no email address in HaloPSA.",
        };
      },
    });
    type("composer-note", "On my way");
    click(byTestId("composer-send"));
    const error = await findByTestId("composer-error");
    expect(error.textContent).toBe("This ticket's end user has no email address in HaloPSA.");
    expect(note().value).toBe("On my way");
  });

  it("books the timer's minutes when asked, and says so in the request", async () => {
    const rust = start({ action_add: () => outboxItem(), timer_list: () => ({ timers: [] }) });
    const instance = composer as unknown as { logTime: (minutes: number) => void };
    instance.logTime(8);
    flushSync();
    expect(byTestId<HTMLInputElement>("composer-minutes")?.value).toBe("8");
    type("composer-note", "Config backup");
    click(byTestId("composer-send"));
    await vi.waitFor(() => expect(rust.requests("action_add")).toHaveLength(1));
    expect(rust.requests("action_add")[0]).toMatchObject({ minutes: 8, fromTimer: true });
    // Rust cleared the timer with the write: the header reads it again.
    await vi.waitFor(() => expect(rust.requests("timer_list")).toHaveLength(1));
  });

  it("shows the text again when its write is discarded from the outbox", async () => {
    const body = JSON.stringify({ ...EMPTY_NOTE, note: "Refused by Halo, typed again" });
    let stored: string | null = null;
    const rust = start({
      draft_get: () => ({
        draft: stored ? { key: "note:42", body: stored, savedAt: "2025-03-12T13:00:00Z" } : null,
      }),
      outbox_discard: () => {
        stored = body;
        return outboxList();
      },
    });
    await vi.waitFor(() => expect(rust.requests("draft_get")).toHaveLength(1));
    expect(note().value).toBe("");

    await outbox.discard(3);
    await vi.waitFor(() => expect(note().value).toBe("Refused by Halo, typed again"));
  });

  it("locks the form while the write is queued, and saves no draft after the send", async () => {
    let answer: (item: unknown) => void = () => {};
    const onSent = vi.fn();
    const rust = start({ action_add: () => new Promise((resolve) => (answer = resolve)) }, onSent);
    await vi.waitFor(() => expect(rust.requests("draft_get")).toHaveLength(1));
    type("composer-note", "Sent once");
    click(byTestId("composer-send"));
    await vi.waitFor(() => expect(rust.requests("action_add")).toHaveLength(1));
    expect(note().readOnly).toBe(true);
    expect(byTestId("composer-minutes")?.matches(":disabled")).toBe(true);
    expect(byTestId("composer-kind-phoneCall")?.matches(":disabled")).toBe(true);

    // A keystroke that gets through anyway is not saved as a draft while Rust holds the note.
    type("composer-note", "Sent once!");
    note().dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const commands = rust.calls.map(([c]) => c);
    expect(commands.slice(commands.indexOf("action_add") + 1)).not.toContain("draft_save");

    answer(outboxItem());
    await vi.waitFor(() => expect(onSent).toHaveBeenCalledOnce());
    expect(note().readOnly).toBe(false);
    expect(note().value).toBe("");
  });

  it("does not delete the timer when the technician changes the logged minutes", async () => {
    const rust = start({ action_add: () => outboxItem() });
    const instance = composer as unknown as { logTime: (minutes: number) => void };
    instance.logTime(8);
    flushSync();
    expect(byTestId("composer-from-timer")).not.toBeNull();
    click(document.querySelector<HTMLElement>('[aria-label="15 minutes"]'));
    expect(byTestId("composer-from-timer")).toBeNull();

    instance.logTime(8);
    flushSync();
    type("composer-minutes", "12");
    expect(byTestId("composer-from-timer")).toBeNull();
    type("composer-note", "Config backup");
    click(byTestId("composer-send"));
    await vi.waitFor(() => expect(rust.requests("action_add")).toHaveLength(1));
    expect(rust.requests("action_add")[0]).toMatchObject({ minutes: 12, fromTimer: false });
  });

  it("saves nothing over a draft it could not read, and reads it again on focus", async () => {
    const body = JSON.stringify({ ...EMPTY_NOTE, note: "Kept on disk" });
    let fail = true;
    const rust = start({
      draft_get: () => {
        if (fail) throw { code: "storage", message: "The local database is locked." };
        return { draft: { key: "note:42", body, savedAt: "2025-03-12T13:00:00Z" } };
      },
    });
    await findByTestId("draft-error");
    fail = false;
    note().dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    await vi.waitFor(() => expect(note().value).toBe("Kept on disk"));
    expect(byTestId("draft-error")).toBeNull();
    expect(rust.requests("draft_get")).toHaveLength(2);
  });

  it("does not overwrite a draft it could not read when the technician types", async () => {
    const rust = start({
      draft_get: () => {
        throw { code: "storage", message: "The local database is locked." };
      },
    });
    await findByTestId("draft-error");
    type("composer-note", "Typed over it");
    note().dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(rust.requests("draft_save")).toEqual([]);
    expect(rust.requests("draft_clear")).toEqual([]);
  });

  it("never clears a draft it has not read back yet", async () => {
    const rust = start({ draft_get: () => new Promise(() => {}) });
    unmount(composer!);
    composer = undefined;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(rust.calls.map(([c]) => c)).toEqual(["draft_get"]);
  });
});
