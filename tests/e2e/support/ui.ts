/**
 * The steps specs share, written against the UI's `data-testid`s: the doors of the welcome
 * screen, the connect form, and reading the queue.
 */
import { Key } from "webdriverio";
import { type App, AppHome } from "./app";
import type { SimProcess } from "./sim";

/** The element with `data-testid="<id>"`, optionally narrowed with more selector text. */
export function byTestId(app: App, id: string, more = "") {
  return app.$(`[data-testid="${id}"]${more}`);
}

/** Starts the demo from the welcome screen and waits for its first rows. */
export async function startDemo(app: App): Promise<void> {
  await byTestId(app, "door-demo").waitForClickable({ timeout: 30_000 });
  await byTestId(app, "door-demo").click();
  await byTestId(app, "demo-badge").waitForDisplayed({ timeout: 30_000 });
  await waitForRows(app);
}

export interface Connection {
  url: string;
  clientId: string;
}

async function openConnectForm(app: App, connection: Connection): Promise<void> {
  await byTestId(app, "door-connect").waitForClickable({ timeout: 30_000 });
  await byTestId(app, "door-connect").click();
  await byTestId(app, "connect-url").waitForDisplayed();
  await byTestId(app, "connect-url").setValue(connection.url);
}

/**
 * Connects from the welcome screen with a client ID and secret, and returns the text of the
 * "Connected as …" confirmation (polled: it may give way to the queue soon after).
 */
export async function connectWithSecret(
  app: App,
  connection: Connection & { clientSecret: string },
): Promise<string> {
  await openConnectForm(app, connection);
  return submitSecret(app, connection);
}

/**
 * Fills the open connect form's client ID and secret (its URL is typed already), submits it,
 * and returns the text of the "Connected as …" confirmation.
 */
export async function submitSecret(
  app: App,
  connection: Connection & { clientSecret: string },
): Promise<string> {
  await byTestId(app, "connect-method-secret").click();
  await byTestId(app, "connect-client-id").setValue(connection.clientId);
  await byTestId(app, "connect-client-secret").setValue(connection.clientSecret);
  await byTestId(app, "connect-submit").click();
  let connectedAs = "";
  await app.waitUntil(
    async () => {
      const error = byTestId(app, "connect-error");
      if (await error.isDisplayed()) {
        throw new Error(`the app could not connect: ${await error.getText()}`);
      }
      const result = byTestId(app, "connect-result");
      if (await result.isDisplayed()) connectedAs = await result.getText();
      return connectedAs !== "";
    },
    { timeout: 30_000, interval: 50, timeoutMsg: 'no "Connected as" after connecting' },
  );
  return connectedAs;
}

/** Starts "Sign in with your browser"; the fake `xdg-open` plays the browser (session.sh). */
export async function connectWithBrowser(app: App, connection: Connection): Promise<void> {
  await openConnectForm(app, connection);
  await byTestId(app, "connect-method-browser").click();
  const clientId = byTestId(app, "connect-client-id");
  if (await clientId.isDisplayed()) await clientId.setValue(connection.clientId);
  await byTestId(app, "connect-submit").click();
}

/**
 * A fresh app (its own data folder) connected to `sim` with its client ID and secret, its queue
 * loaded and showing All open.
 */
export async function connectedApp(
  sim: SimProcess,
  name: string,
): Promise<{ home: AppHome; app: App }> {
  const home = await AppHome.create(name);
  const app = await home.launch();
  await connectWithSecret(app, {
    url: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
  });
  await waitForRows(app);
  await showAllOpen(app);
  return { home, app };
}

/** Waits until the queue shows at least one row. */
export async function waitForRows(app: App, timeout = 60_000): Promise<void> {
  await byTestId(app, "queue-row").waitForDisplayed({ timeout });
}

/** Shows "All open" in the sidebar and waits until it is the active view. */
export async function showAllOpen(app: App): Promise<void> {
  const view = byTestId(app, "view-open");
  await view.click();
  await app.waitUntil(async () => (await view.getAttribute("aria-current")) === "true", {
    timeoutMsg: '"All open" did not become the active view',
  });
}

/** The number in the list's "N tickets". */
export async function queueCount(app: App): Promise<number> {
  return parseCount(await byTestId(app, "queue-count").getText());
}

/** Waits until the list says it holds `expected` tickets. */
export async function waitForQueueCount(app: App, expected: number, timeout = 60_000) {
  let last = "";
  await app.waitUntil(
    async () => {
      last = await byTestId(app, "queue-count").getText();
      return parseCount(last) === expected;
    },
    { timeout, timeoutMsg: `queue-count never said ${expected} tickets (last: "${last}")` },
  );
}

/** "1,234 tickets" → 1234; NaN when there is no number. */
export function parseCount(text: string): number {
  const match = /(\d[\d,.\s]*)/.exec(text);
  return match?.[1] ? Number(match[1].replace(/[,.\s]/g, "")) : Number.NaN;
}

export interface RowView {
  id: number;
  text: string;
  selected: boolean;
}

/** The rows inside the list's visible area (the list may render more, or only these). */
export async function visibleRows(app: App): Promise<RowView[]> {
  return app.execute(() => {
    const list = document.querySelector('[data-testid="queue-list"]');
    const frame = (list ?? document.body).getBoundingClientRect();
    return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="queue-row"]'))
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.height > 0 && box.bottom > frame.top + 1 && box.top < frame.bottom - 1;
      })
      .map((row) => ({
        id: Number(row.dataset.ticketId),
        text: row.textContent ?? "",
        selected: row.getAttribute("aria-selected") === "true",
      }));
  });
}

/** Finds a ticket by its ID and summary, opens it, and waits until its pane shows it. */
export async function openTicket(app: App, ticket: { id: number; summary: string }): Promise<void> {
  // Its ID and its summary: every word must match, so this finds it and hardly anything else.
  await search(app, `#${ticket.id} ${ticket.summary}`);
  const row = byTestId(app, "queue-row", `[data-ticket-id="${ticket.id}"]`);
  await row.waitForDisplayed({ timeout: 15_000 });
  await row.click();
  await byTestId(app, "ticket-view").waitForDisplayed();
  await app.waitUntil(
    async () => (await byTestId(app, "ticket-summary").getText()).includes(ticket.summary),
    { timeoutMsg: `the ticket pane never showed ticket ${ticket.id}` },
  );
}

/**
 * Waits for the timeline entry of action `actionId` and returns it. A note's text is inside the
 * entry's sandboxed frame, so it is read from the frame's document (`srcdoc`).
 */
export async function timelineEntry(app: App, actionId: number, note: string) {
  const entry = byTestId(app, "timeline-entry", `[data-action-id="${actionId}"]`);
  await entry.waitForDisplayed({ timeout: 30_000 });
  const frame = entry.$('[data-testid="timeline-note"]');
  const srcdoc = String(await frame.getAttribute("srcdoc"));
  if (!srcdoc.includes(note)) throw new Error(`action ${actionId} does not show "${note}"`);
  return entry;
}

/**
 * Writes a note in the open ticket's composer and sends it, then waits until the composer says
 * what became of it; an error it shows fails the step with its text.
 */
export async function sendNote(app: App, note: string, minutes?: number): Promise<void> {
  const composer = byTestId(app, "composer-note");
  await composer.setValue(note);
  if (minutes !== undefined) await byTestId(app, "composer-minutes").setValue(String(minutes));
  const send = byTestId(app, "composer-send");
  await send.waitForEnabled({ timeout: 10_000 });
  await send.click();
  await app.waitUntil(
    async () => {
      const error = byTestId(app, "composer-error");
      if (await error.isDisplayed())
        throw new Error(`the note was refused: ${await error.getText()}`);
      return byTestId(app, "write-notice").isDisplayed();
    },
    { timeout: 15_000, timeoutMsg: "the composer never said what became of the note" },
  );
}

/** The outbox as the app holds it. */
export async function outbox(
  app: App,
): Promise<{ pending: number; items: { state: string; excerpt: string }[] }> {
  return invoke(app, "outbox_list", { request: {} });
}

/** Waits until every write in the outbox is delivered. */
export async function waitForOutboxDrained(app: App, timeout = 90_000): Promise<void> {
  let last = "";
  await app
    .waitUntil(
      async () => {
        const list = await outbox(app);
        last = JSON.stringify(list.items.filter((item) => item.state !== "delivered"));
        return list.pending === 0;
      },
      { timeout, interval: 250 },
    )
    .catch(() => {
      // What still waited, read on the last try: the message is built after it.
      throw new Error(`the outbox never drained; still waiting: ${last}`);
    });
}

/** Empties the search box with the keyboard, so the app sees the input events a person makes. */
export async function clearSearch(app: App): Promise<void> {
  await byTestId(app, "queue-search").click();
  await app.keys([Key.Ctrl, "a"]);
  await app.keys(Key.Backspace);
}

/** Types into the search box one key at a time, as a person would. */
export async function search(app: App, text: string): Promise<void> {
  await clearSearch(app);
  for (const key of text) await app.keys(key);
}

/** Takes the focus out of any text field, so single-key shortcuts reach the app. */
export async function blur(app: App): Promise<void> {
  await app.execute(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Reads a Performance API entry list from the page. */
export async function perfEntries(
  app: App,
  name: string,
  type: "mark" | "measure",
): Promise<{ startTime: number; duration: number }[]> {
  return app.execute(
    (entryName: string, entryType: string) =>
      performance
        .getEntriesByName(entryName, entryType)
        .map((e) => ({ startTime: e.startTime, duration: e.duration })),
    name,
    type,
  );
}

/** Calls a Rust command the way the UI does, through Tauri's IPC. */
export async function invoke<T>(app: App, command: string, args: object): Promise<T> {
  const outcome = await app.executeAsync(
    (cmd: string, payload: object, done: (r: { ok: boolean; value: unknown }) => void) => {
      const ipc = (
        window as unknown as {
          __TAURI_INTERNALS__: { invoke(c: string, a: object): Promise<unknown> };
        }
      ).__TAURI_INTERNALS__;
      ipc.invoke(cmd, payload).then(
        (value) => done({ ok: true, value }),
        (value: unknown) => done({ ok: false, value }),
      );
    },
    command,
    args,
  );
  if (!outcome.ok) throw new Error(`${command} failed: ${JSON.stringify(outcome.value)}`);
  return outcome.value as T;
}
