import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import type { QueueDelta } from "./lib/bindings/QueueDelta";
import type { QueueSnapshot } from "./lib/bindings/QueueSnapshot";
import type { TicketView } from "./lib/bindings/TicketView";
import { choices, lookups, outboxList, queueRow, session } from "./test/fixtures";
import { allByTestId, byTestId, click, findByTestId, type } from "./test/dom";
import { emit } from "./test/events";

vi.mock("@tauri-apps/api/event", () => import("./test/events"));

const about = {
  version: "1.2.3",
  build: { commit: "abc", profile: "debug", identifier: "com.halodesk.desktop.test" },
  dataDir: "/tmp/halodesk",
  platform: "linux x86_64",
  startedAtMs: 0,
};

const snapshot: QueueSnapshot = {
  rows: [queueRow({ id: 1 }), queueRow({ id: 2, agentId: null, agentName: "" })],
  lookups,
  savedFilters: [],
  syncedAt: null,
};

const noChange: QueueDelta = {
  changed: [],
  removedIds: [],
  lookups: null,
  full: false,
  syncedAt: new Date().toISOString(),
};

type Handler = (args: Record<string, unknown>) => unknown;

/** Answers each command with its handler; records every call. */
function backend(handlers: Record<string, Handler>) {
  const calls: Array<[string, unknown]> = [];
  mockIPC((command, args) => {
    calls.push([command, (args as { request?: unknown }).request]);
    const handler = handlers[command];
    if (!handler) throw { code: "invalid", message: `no mock for ${command}` };
    return handler((args as { request: Record<string, unknown> }).request);
  });
  return calls;
}

let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  clearMocks();
  document.body.innerHTML = "";
});

function start() {
  app = mount(App, { target: document.body });
  flushSync();
}

describe("first run", () => {
  it("connects with a client ID and secret, keeping what was typed when the test fails", async () => {
    let attempts = 0;
    const calls = backend({
      about: () => about,
      session_resume: () => ({ session: null }),
      connect_client_secret: () => {
        attempts++;
        if (attempts === 1) {
          throw { code: "badCredentials", message: "HaloPSA refused this client ID and secret." };
        }
        return session;
      },
      queue_snapshot: () => snapshot,
      queue_refresh: () => noChange,
    });
    start();

    click(await findByTestId("door-connect"));
    type("connect-url", "https://acme.halopsa.com");
    click(byTestId("connect-method-secret"));
    type("connect-client-id", "client");
    type("connect-client-secret", "wrong");
    click(byTestId("connect-submit"));
    expect(byTestId("connect-submit")?.textContent).toContain("Testing the connection…");

    const error = await findByTestId("connect-error");
    expect(error.textContent).toBe("HaloPSA refused this client ID and secret.");
    // Shown next to the secret, and nothing typed is lost.
    expect(error.id).toBe("connect-secret-error");
    expect(byTestId<HTMLInputElement>("connect-url")?.value).toBe("https://acme.halopsa.com");
    expect(byTestId<HTMLInputElement>("connect-client-id")?.value).toBe("client");

    type("connect-client-secret", "right");
    click(byTestId("connect-submit"));
    const result = await findByTestId("connect-result");
    expect(result.textContent).toBe("Connected as Alex Morgan (alex@acme.test)");
    expect(calls.filter(([c]) => c === "connect_client_secret").at(-1)?.[1]).toEqual({
      instanceUrl: "https://acme.halopsa.com",
      tenant: null,
      clientId: "client",
      clientSecret: "right",
      name: null,
    });

    await findByTestId("queue-row");
    expect(byTestId("queue-count")?.textContent).toMatch(/\d+ tickets?/);
  });

  it("puts a URL that is not Halo's next to the URL field", async () => {
    backend({
      about: () => about,
      session_resume: () => ({ session: null }),
      browser_sign_in_start: () => {
        throw { code: "notHalo", message: "That address does not answer like HaloPSA." };
      },
    });
    start();
    click(await findByTestId("door-connect"));
    type("connect-url", "https://example.com");
    type("connect-client-id", "halodesk");
    click(byTestId("connect-submit"));
    const error = await findByTestId("connect-error");
    expect(error.id).toBe("connect-url-error");
  });

  it("waits for the browser, and can be cancelled", async () => {
    const calls = backend({
      about: () => about,
      session_resume: () => ({ session: null }),
      browser_sign_in_start: () => ({ authorizeUrl: "https://acme.halopsa.com/auth/authorize?x" }),
      browser_sign_in_finish: () => new Promise(() => {}),
      browser_sign_in_cancel: () => ({}),
    });
    start();
    click(await findByTestId("door-connect"));
    type("connect-url", "https://acme.halopsa.com");
    type("connect-client-id", "halodesk");
    click(byTestId("connect-submit"));

    const waiting = await findByTestId("signin-waiting");
    expect(waiting.querySelector("input")?.value).toBe("https://acme.halopsa.com/auth/authorize?x");
    click(byTestId("signin-cancel"));
    await vi.waitFor(() => expect(calls.map(([c]) => c)).toContain("browser_sign_in_cancel"));
    expect(byTestId("signin-waiting")).toBeNull();
    expect(byTestId<HTMLInputElement>("connect-url")?.value).toBe("https://acme.halopsa.com");
  });
});

describe("the queue", () => {
  it("paints the cache, then says it is offline and keeps the cached rows usable", async () => {
    let refreshes = 0;
    backend({
      about: () => about,
      session_resume: () => ({ session }),
      queue_snapshot: () => snapshot,
      queue_refresh: () => {
        refreshes++;
        if (refreshes === 1) throw { code: "offline", message: "HaloPSA did not answer." };
        return noChange;
      },
    });
    start();

    const banner = await findByTestId("banner", '[data-kind="offline"]');
    expect(banner.textContent).toContain("HaloPSA can't be reached.");
    expect(allByTestId("queue-row")).toHaveLength(1);
    click(byTestId("view-open"));
    expect(allByTestId("queue-row")).toHaveLength(2);
    expect(byTestId("view-open")?.getAttribute("aria-current")).toBe("true");
    expect(byTestId("view-open", " [data-testid='view-count']")?.textContent).toBe("2");

    type("queue-search", "#2");
    expect(byTestId("queue-count")?.textContent).toBe("1 ticket");

    // A successful retry clears the banner.
    click(byTestId("banner-retry"));
    await vi.waitFor(() => expect(byTestId("banner")).toBeNull());
  });

  it("moves the selection with j and k and opens it with Enter", async () => {
    const opened: unknown[] = [];
    backend({
      about: () => about,
      session_resume: () => ({ session }),
      queue_snapshot: () => snapshot,
      queue_refresh: () => noChange,
      ticket_open: (request) => {
        opened.push(request);
        return new Promise(() => {});
      },
    });
    start();
    await findByTestId("queue-row");
    click(byTestId("view-open"));

    const key = (k: string) => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: k }));
      flushSync();
    };
    const selected = () => byTestId("queue-row", '[aria-selected="true"]')?.dataset.ticketId;
    key("j");
    const first = selected();
    key("j");
    expect(selected()).not.toBe(first);
    key("k");
    expect(selected()).toBe(first);
    key("Enter");
    expect(byTestId("ticket-view")).not.toBeNull();
    expect(opened).toEqual([{ ticketId: Number(first) }]);
    key("Escape");
    expect(byTestId("ticket-view")).toBeNull();
  });

  it("opens a new ticket from the toolbar or with n, and lists n among the shortcuts", async () => {
    backend({
      about: () => about,
      session_resume: () => ({ session }),
      queue_snapshot: () => snapshot,
      queue_refresh: () => noChange,
      draft_get: () => ({ draft: null }),
    });
    start();
    await findByTestId("queue-row");
    const dialog = () => byTestId<HTMLDialogElement>("new-ticket");

    click(byTestId("new-ticket-open"));
    expect(dialog()?.open).toBe(true);
    dialog()!.close();
    flushSync();
    expect(dialog()).toBeNull();

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "n", cancelable: true }));
    flushSync();
    expect(dialog()?.open).toBe(true);
    dialog()!.close();
    flushSync();

    window.dispatchEvent(new KeyboardEvent("keydown", { key: "?" }));
    flushSync();
    expect(byTestId("shortcuts")?.textContent).toContain("New ticket");
  });
});

describe("a clicked notification", () => {
  const ticket = (id: number): TicketView => ({
    row: snapshot.rows.find((row) => row.id === id)!,
    siteName: "Head office",
    userName: "Pat Doe",
    userEmail: "pat@acme.test",
    categories: [],
    openedAt: null,
    respondBy: null,
    fixBy: null,
    timeTakenHours: 0,
    detailsHtml: "",
    timeline: [],
    attachments: [],
  });

  function connected() {
    backend({
      about: () => about,
      session_resume: () => ({ session }),
      queue_snapshot: () => snapshot,
      queue_refresh: () => noChange,
      ticket_open: (request) => ticket(request.ticketId as number),
      workflow_choices: () => choices,
      draft_get: () => ({ draft: null }),
      outbox_list: () => outboxList(),
      timer_list: () => ({ timers: [] }),
      watch_status: () => ({
        watched: 2,
        atRisk: 1,
        breached: 0,
        pausedUntil: null,
        snoozed: [],
        checkedAt: null,
      }),
    });
    start();
  }

  const selected = () => byTestId("queue-row", '[aria-selected="true"]')?.dataset.ticketId;

  it("opens its ticket in All open when the view does not list it, and its escalation", async () => {
    connected();
    await findByTestId("queue-row");
    expect(byTestId("view-mine")?.getAttribute("aria-current")).toBe("true");

    // Ticket 2 is unassigned: My tickets does not list it.
    emit("sla-open-ticket", { ticketId: 2, escalate: true });
    expect(byTestId("view-open")?.getAttribute("aria-current")).toBe("true");
    expect(byTestId("ticket-view")?.getAttribute("aria-label")).toBe("Ticket 2");
    expect(selected()).toBe("2");
    const dialog = await findByTestId<HTMLDialogElement>("escalate-dialog");
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain("Escalate ticket 2");
  });

  it("stays in a view that lists its ticket, and clears filters that hide it", async () => {
    connected();
    await findByTestId("queue-row");

    emit("sla-open-ticket", { ticketId: 1, escalate: false });
    expect(byTestId("view-mine")?.getAttribute("aria-current")).toBe("true");
    expect(selected()).toBe("1");
    await findByTestId("ticket-summary");
    expect(byTestId("escalate-dialog")).toBeNull();

    type("queue-search", "nothing like it");
    expect(byTestId("queue-row")).toBeNull();
    emit("sla-open-ticket", { ticketId: 1, escalate: false });
    expect(byTestId("view-open")?.getAttribute("aria-current")).toBe("true");
    expect(byTestId<HTMLInputElement>("queue-search")?.value).toBe("");
    expect(selected()).toBe("1");
  });

  it("brings the queue back from another screen", async () => {
    backend({
      about: () => about,
      session_resume: () => ({ session }),
      queue_snapshot: () => snapshot,
      queue_refresh: () => noChange,
      ticket_open: (request) => ticket(request.ticketId as number),
      profile_list: () => ({ profiles: [session.profile], activeId: session.profile.id }),
    });
    start();
    await findByTestId("queue-row");
    click(byTestId("profile-menu"));
    click(await findByTestId("profile-add"));
    expect(byTestId("queue-list")).toBeNull();

    emit("sla-open-ticket", { ticketId: 1, escalate: false });
    expect(byTestId("ticket-view")?.getAttribute("aria-label")).toBe("Ticket 1");
  });
});
