import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TicketView } from "../lib/bindings/TicketView";
import { outbox } from "../lib/workflow/outbox.svelte";
import { backend } from "../test/backend";
import { choices, lookups, outboxItem, outboxList, queueRow } from "../test/fixtures";
import { allByTestId, byTestId, click, findByTestId } from "../test/dom";
import { emit } from "../test/events";
import TicketPane from "./TicketPane.svelte";

vi.mock("@tauri-apps/api/event", () => import("../test/events"));

const LINK = "https://example.com/runbook?step=2";

const view: TicketView = {
  row: queueRow({ id: 42, summary: "Printer on fire" }),
  siteName: "Head office",
  userName: "Pat Doe",
  userEmail: "pat@acme.test",
  categories: ["Hardware", "Printers"],
  openedAt: "2025-03-12T09:00:00Z",
  respondBy: null,
  fixBy: null,
  timeTakenHours: 0.5,
  detailsHtml: `<p>See <a href="${LINK}">the runbook</a></p>`,
  timeline: [
    {
      id: 1,
      kind: "note",
      outcome: "Private Note",
      who: "Alex Morgan",
      at: "2025-03-12T09:10:00Z",
      noteHtml: "<p>Called the user.</p>",
      internal: true,
      hours: 0.25,
      billable: false,
      newStatus: null,
      emailTo: "",
    },
    {
      id: 2,
      kind: "email",
      outcome: "Email User",
      who: "Alex Morgan",
      at: "2025-03-12T09:20:00Z",
      noteHtml: "<p>On my way.</p>",
      internal: false,
      hours: 0,
      billable: false,
      newStatus: "In Progress",
      emailTo: "pat@acme.test",
    },
  ],
  attachments: [
    {
      id: 5,
      filename: "photo.jpg",
      openRefused: null,
      sizeBytes: 52_000,
      createdAt: null,
      isImage: true,
    },
  ],
};

let pane: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (pane) unmount(pane);
  pane = undefined;
  outbox.stop();
  clearMocks();
  document.body.innerHTML = "";
});

function mountPane() {
  pane = mount(TicketPane, {
    target: document.body,
    props: {
      ticketId: 42,
      attempt: 0,
      lookups,
      onClose: () => {},
      onOpened: () => {},
      onFailed: () => {},
    },
  });
  flushSync();
}

function open(calls: Array<[string, unknown]>) {
  mockIPC((command, args) => {
    calls.push([command, (args as { request: unknown }).request]);
    if (command === "ticket_open") return view;
    if (command === "link_open") return {};
    if (command === "attachment_fetch") return { path: "/home/tech/Downloads/photo.jpg" };
    if (command === "download_folder") return { path: "/home/tech/Downloads" };
    throw { code: "invalid", message: command };
  });
  pane = mount(TicketPane, {
    target: document.body,
    props: {
      ticketId: 42,
      attempt: 0,
      lookups,
      onClose: () => {},
      onOpened: () => {},
      onFailed: () => {},
    },
  });
  flushSync();
}

/** jsdom does not load srcdoc: write what it holds into the frame, as a browser would. */
function loadFrame(frame: HTMLIFrameElement) {
  const doc = frame.contentDocument!;
  doc.body.innerHTML = new DOMParser().parseFromString(frame.srcdoc, "text/html").body.innerHTML;
  frame.dispatchEvent(new Event("load"));
  return doc;
}

describe("TicketPane", () => {
  it("shows the ticket's body in a frame where no script can run", async () => {
    open([]);
    const frame = await findByTestId<HTMLIFrameElement>("ticket-details");
    expect(frame.getAttribute("sandbox")).toBe("allow-same-origin");
    expect(frame.srcdoc).toContain(LINK);
    expect(byTestId("ticket-summary")?.textContent).toBe("Printer on fire");
  });

  it("tells internal notes from what the client sees, oldest first", async () => {
    open([]);
    await findByTestId("timeline-entry");
    const entries = allByTestId("timeline-entry");
    expect(entries.map((e) => [e.dataset.kind, e.dataset.internal])).toEqual([
      ["note", "true"],
      ["email", "false"],
    ]);
    expect(entries[0]?.textContent).toContain("Internal");
    expect(entries[1]?.textContent).toContain("Visible to client");
  });

  it("asks before opening a link from the body, and opens it only when confirmed", async () => {
    const calls: Array<[string, unknown]> = [];
    open(calls);
    const doc = loadFrame(await findByTestId<HTMLIFrameElement>("ticket-details"));

    const followed = doc
      .querySelector("a")!
      .dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    flushSync();
    expect(followed).toBe(false);
    const dialog = byTestId<HTMLDialogElement>("link-confirm")!;
    expect(dialog.open).toBe(true);
    expect(byTestId("link-confirm-url")?.textContent).toBe(LINK);

    click(byTestId("link-confirm-cancel"));
    expect(dialog.open).toBe(false);
    expect(calls.map(([c]) => c)).not.toContain("link_open");

    doc.querySelector("a")!.click();
    flushSync();
    click(byTestId("link-confirm-open"));
    await vi.waitFor(() => expect(calls).toContainEqual(["link_open", { url: LINK }]));
    await vi.waitFor(() => expect(dialog.open).toBe(false));
  });

  it("asks too when only the refused navigation tells of the click, as in WebKit", async () => {
    open([]);
    const frame = await findByTestId<HTMLIFrameElement>("ticket-details");
    const doc = loadFrame(frame);
    // WebKit runs no parent listener in the frame: the link is focused, the CSP refuses the
    // navigation and reports only its origin to the parent document.
    frame.focus();
    doc.querySelector("a")!.focus();
    const refused = Object.assign(new Event("securitypolicyviolation"), {
      effectiveDirective: "frame-src",
      blockedURI: "https://example.com",
    });
    document.dispatchEvent(refused);
    flushSync();
    expect(byTestId<HTMLDialogElement>("link-confirm")?.open).toBe(true);
    expect(byTestId("link-confirm-url")?.textContent).toBe(LINK);
  });

  it("saves an attachment and says where", async () => {
    open([]);
    click(await findByTestId("attachment-save"));
    const saved = await findByTestId("attachment-saved");
    expect(saved.textContent).toBe("Saved to /home/tech/Downloads/photo.jpg");
  });

  it("says why an attachment that runs code is not opened, and still saves it", async () => {
    const why = "Halodesk does not open setup.exe: it is a program.";
    const rust = backend({
      ticket_open: () => ({
        ...view,
        attachments: [
          {
            id: 6,
            filename: "setup.exe",
            openRefused: why,
            sizeBytes: 9_000,
            createdAt: null,
            isImage: false,
          },
        ],
      }),
      download_folder: () => ({ path: "/home/tech/Downloads" }),
      attachment_fetch: (request) => {
        if (request.action === "open") throw { code: "unsafeToOpen", message: why };
        return { path: "/home/tech/Downloads/setup.exe" };
      },
    });
    mountPane();
    const openButton = await findByTestId("attachment-open");
    expect(openButton.getAttribute("aria-disabled")).toBe("true");
    expect(openButton.getAttribute("title")).toBe(why);
    click(openButton);
    await vi.waitFor(() =>
      expect(byTestId("attachment-item")?.querySelector('[role="alert"]')?.textContent).toBe(why),
    );
    click(byTestId("attachment-save")!);
    expect((await findByTestId("attachment-saved")).textContent).toBe(
      "Saved to /home/tech/Downloads/setup.exe",
    );
    expect(rust.requests("attachment_fetch")).toHaveLength(2);
  });

  it("shows each entry's hours", async () => {
    open([]);
    const hours = await findByTestId("timeline-hours");
    expect(hours.textContent).toBe("0.25 h");
    expect(hours.closest('[data-testid="timeline-entry"]')?.textContent).toContain("not billable");
  });

  it("reads the ticket again when a write to it that waited is delivered", async () => {
    const rust = backend({
      ticket_open: () => view,
      outbox_list: () => outboxList(),
      draft_get: () => ({ draft: null }),
      workflow_choices: () => choices,
    });
    outbox.start(1);
    mountPane();
    await findByTestId("composer");
    expect(byTestId("ticket-view")?.textContent).toContain("Printer on fire");

    emit("outbox-changed", outboxList([outboxItem({ id: 3, ticketId: 42, state: "queued" })]));
    emit("outbox-changed", outboxList([outboxItem({ id: 3, ticketId: 42, state: "delivered" })]));
    await vi.waitFor(() => expect(rust.requests("ticket_open")).toHaveLength(2));
    // Read again in place: the pane never went back to its loading state.
    expect(byTestId("composer")).not.toBeNull();
  });

  it("reads the ticket once for writes that land together, not once each", async () => {
    const rust = backend({
      ticket_open: () => view,
      outbox_list: () => outboxList(),
      draft_get: () => ({ draft: null }),
      workflow_choices: () => choices,
    });
    outbox.start(1);
    mountPane();
    await findByTestId("composer");

    const notes = [3, 4, 5, 6, 7];
    const listWith = (delivered: number) =>
      outboxList(
        notes.map((id) =>
          outboxItem({ id, ticketId: 42, state: id <= delivered ? "delivered" : "queued" }),
        ),
      );
    emit("outbox-changed", listWith(0));
    for (const delivered of notes) emit("outbox-changed", listWith(delivered));
    await vi.waitFor(() => expect(rust.requests("ticket_open")).toHaveLength(2));
    await new Promise((settle) => setTimeout(settle, 1_000));
    expect(rust.requests("ticket_open"), "one read for the burst").toHaveLength(2);
  });
});
