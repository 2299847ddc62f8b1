/**
 * Drafts: every workflow form saves what is typed as the technician types, so a crash or a
 * kill loses nothing. Rust keeps the body as is; it is the form's own JSON. Sending a form
 * moves its draft into the outbox (Rust does that), and discarding the write puts it back.
 */
import { untrack } from "svelte";
import { call } from "../ipc";
import { failureText } from "./trouble";

/** Long enough to save once per pause in typing, short enough that a kill loses a word. */
export const DRAFT_DELAY_MS = 300;

export const draftKeys = {
  newTicket: "new-ticket",
  note: (ticketId: number) => `note:${ticketId}`,
  change: (ticketId: number) => `change:${ticketId}`,
  escalate: (ticketId: number) => `escalate:${ticketId}`,
};

/** Saves one form's draft a moment after the last change; `null` means "nothing to keep". */
export class DraftSaver {
  /** What the store holds is what the form shows: the quiet "Draft saved" hint. */
  saved = $state(false);
  error = $state<string | null>(null);

  readonly #key: string;
  readonly #delayMs: number;
  readonly #current: (() => string | null | undefined) | undefined;
  readonly #reread: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Waiting to be written; `undefined` when nothing waits. */
  #pending: string | null | undefined = undefined;
  /** What the store holds, once known; `null` when it holds no draft. */
  #stored: string | null | undefined = undefined;
  /** Writes go out one after another, so an older body never lands after a newer one. */
  #writing: Promise<void> = Promise.resolve();
  /** A submit is under way: Rust takes the draft with the write, so nothing more is saved. */
  #held = false;

  /**
   * `current` reads the form as it stands, for a flush to write whatever the last change was;
   * `undefined` when it must not be written (the stored draft is not read back yet).
   */
  constructor(
    key: string,
    {
      delayMs = DRAFT_DELAY_MS,
      current,
      reread,
    }: {
      delayMs?: number;
      current?: () => string | null | undefined;
      /** Reads the stored draft again, if reading it failed. */
      reread?: () => void;
    } = {},
  ) {
    this.#key = key;
    this.#delayMs = delayMs;
    this.#current = current;
    this.#reread = reread;
  }

  /** The form takes focus: a stored draft that could not be read is tried again. */
  retry(): void {
    this.#reread?.();
  }

  /** The store holds `body` already (a draft just read back), so showing it saves nothing. */
  known(body: string | null): void {
    this.#stored = body;
    this.saved = body !== null;
  }

  schedule(body: string | null): void {
    clearTimeout(this.#timer);
    if (this.#held || body === this.#stored) {
      this.#pending = undefined;
      return;
    }
    this.#pending = body;
    this.saved = false;
    this.#timer = setTimeout(() => void this.flush(), this.#delayMs);
  }

  /** Writes what waits now: before a submit, on blur, when the form closes. */
  flush(): Promise<void> {
    const now = this.#current?.();
    if (now !== undefined) this.schedule(now);
    clearTimeout(this.#timer);
    const body = this.#pending;
    if (body !== undefined) {
      this.#pending = undefined;
      this.#writing = this.#writing.then(() => this.#write(body));
    }
    return this.#writing;
  }

  /**
   * A submit starts: writes what waits now, then saves nothing until `sent` or `release`, so a
   * late save cannot bring a sent form back as a draft.
   */
  hold(): Promise<void> {
    const writing = this.flush();
    this.#held = true;
    return writing;
  }

  /** The submit is over (refused, or sent): changes are saved again. */
  release(): void {
    this.#held = false;
  }

  /** The form was sent: its draft went into the outbox with the write, and nothing waits. */
  sent(): void {
    clearTimeout(this.#timer);
    this.#pending = undefined;
    this.#stored = null;
    this.saved = false;
  }

  async #write(body: string | null): Promise<void> {
    try {
      if (body === null) await call("draft_clear", { key: this.#key });
      else await call("draft_save", { key: this.#key, body });
      this.#stored = body;
      this.saved = body !== null;
      this.error = null;
    } catch (failure) {
      this.saved = false;
      this.error = failureText(failure);
    }
  }
}

type Field = string | number | boolean | null;

/**
 * A stored body read against the form's defaults: only the form's own fields, each only when
 * its type fits (a field that may be empty, `null` by default, takes a number or a string).
 * Anything else, such as a body from an older version of the form, falls back to the default.
 */
export function readDraft<T extends Record<string, Field>>(body: string, defaults: T): T | null {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const stored = raw as Record<string, unknown>;
  const value: Record<string, Field> = { ...defaults };
  for (const [key, fallback] of Object.entries(defaults)) {
    const field = stored[key];
    const fits =
      fallback === null
        ? field === null || typeof field === "number" || typeof field === "string"
        : typeof field === typeof fallback;
    if (fits) value[key] = field as Field;
  }
  return value as T;
}

const restored = new EventTarget();

/** Drafts may be back in the store (a write was discarded): empty forms read theirs again. */
export function announceDraftsRestored(): void {
  restored.dispatchEvent(new Event("restored"));
}

export interface DraftForm<T> {
  key: string;
  defaults: T;
  /** The form as it stands. Read inside an effect, so every field it reads is tracked. */
  read: () => T;
  restore: (value: T) => void;
  /** Nothing worth keeping: no draft is stored, so a discarded write can come back. */
  isEmpty: (value: T) => boolean;
}

/**
 * Keeps a form's draft for the life of the component that calls it (during its setup):
 * restores it on open, saves as the form changes, flushes when the component goes, and reads
 * it again when a discarded write puts it back while the form is empty.
 */
export function keepDraft<T extends Record<string, Field>>(form: DraftForm<T>): DraftSaver {
  let ready = $state(false);
  /** The last read of the stored draft failed: what it holds is unknown, so nothing is saved. */
  let unread = false;
  let reading = false;
  const bodyOf = (value: T) => (form.isEmpty(value) ? null : JSON.stringify(value));
  const saver = new DraftSaver(form.key, {
    current: () => {
      if (unread) return undefined;
      const value = untrack(form.read);
      // Until the stored draft is read, an empty form says nothing about it: leave it be.
      return ready || !form.isEmpty(value) ? bodyOf(value) : undefined;
    },
    reread: () => {
      if (unread && !reading) void restore();
    },
  });

  async function restore() {
    let stored: string | null;
    reading = true;
    try {
      stored = (await call("draft_get", { key: form.key })).draft?.body ?? null;
    } catch (failure) {
      // Saving now could overwrite the draft that is there: wait for a read that works.
      unread = true;
      ready = false;
      saver.error = failureText(failure);
      return;
    } finally {
      reading = false;
    }
    if (unread) saver.error = null;
    unread = false;
    // What the technician typed while the draft was being read wins over it.
    if (form.isEmpty(untrack(form.read))) {
      const value = stored === null ? null : readDraft(stored, form.defaults);
      if (value) form.restore(value);
      saver.known(stored);
    }
    ready = true;
  }

  $effect(() => {
    const body = bodyOf(form.read());
    if (ready) untrack(() => saver.schedule(body));
  });

  $effect(() => {
    untrack(() => void restore());
    const again = () => {
      if (form.isEmpty(untrack(form.read))) void restore();
    };
    restored.addEventListener("restored", again);
    return () => {
      restored.removeEventListener("restored", again);
      void saver.flush();
    };
  });

  return saver;
}
