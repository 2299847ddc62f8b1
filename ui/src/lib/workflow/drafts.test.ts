import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backend, type Backend } from "../../test/backend";
import { DraftSaver, readDraft } from "./drafts.svelte";

let rust: Backend;

beforeEach(() => {
  vi.useFakeTimers();
  rust = backend({ draft_save: () => ({}), draft_clear: () => ({}) });
});

afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

/** Lets the mocked IPC answer: its promises settle outside the fake clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("DraftSaver", () => {
  it("saves once per pause in typing, the last text typed", async () => {
    const saver = new DraftSaver("note:42");
    saver.schedule('{"note":"Re"}');
    await vi.advanceTimersByTimeAsync(200);
    saver.schedule('{"note":"Rebooted"}');
    await vi.advanceTimersByTimeAsync(299);
    expect(rust.calls).toEqual([]);
    expect(saver.saved).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(rust.calls).toEqual([["draft_save", { key: "note:42", body: '{"note":"Rebooted"}' }]]);
    expect(saver.saved).toBe(true);
  });

  it("writes at once when flushed, and not again when nothing changed", async () => {
    const saver = new DraftSaver("change:42");
    saver.schedule("a");
    await saver.flush();
    expect(rust.requests("draft_save")).toEqual([{ key: "change:42", body: "a" }]);

    saver.schedule("a");
    await vi.advanceTimersByTimeAsync(1_000);
    await saver.flush();
    expect(rust.calls).toHaveLength(1);
  });

  it("clears the draft when the form is emptied, so none is left behind", async () => {
    const saver = new DraftSaver("new-ticket");
    saver.known("old");
    expect(saver.saved).toBe(true);
    saver.schedule(null);
    await saver.flush();
    expect(rust.calls).toEqual([["draft_clear", { key: "new-ticket" }]]);
    expect(saver.saved).toBe(false);
  });

  it("drops what waits once the form is sent: the draft went with the write", async () => {
    const saver = new DraftSaver("note:42");
    saver.schedule("typed");
    saver.sent();
    await vi.advanceTimersByTimeAsync(1_000);
    // The emptied form then has nothing to clear either.
    saver.schedule(null);
    await saver.flush();
    expect(rust.calls).toEqual([]);
  });

  it("says when a draft could not be saved", async () => {
    rust = backend({
      draft_save: () => {
        throw { code: "invalid", message: "This draft is over 1 MB and was not saved." };
      },
    });
    const saver = new DraftSaver("note:42");
    saver.schedule("x".repeat(10));
    await saver.flush();
    expect(saver.saved).toBe(false);
    expect(saver.error).toBe("This draft is over 1 MB and was not saved.");
  });
});

describe("readDraft", () => {
  const defaults = { kind: "internalNote", note: "", minutes: 0, billable: false, siteId: null };

  it("takes the form's own fields whose type fits, and defaults for the rest", () => {
    const body = JSON.stringify({
      kind: "clientNote",
      note: "Half written",
      minutes: "ten",
      billable: true,
      siteId: 12,
      extra: "ignored",
    });
    expect(readDraft(body, defaults)).toEqual({
      kind: "clientNote",
      note: "Half written",
      minutes: 0,
      billable: true,
      siteId: 12,
    });
  });

  it("reads nothing from a body that is not a form's JSON", () => {
    expect(readDraft("not json", defaults)).toBeNull();
    expect(readDraft("[1,2]", defaults)).toBeNull();
    expect(readDraft("null", defaults)).toBeNull();
  });
});
