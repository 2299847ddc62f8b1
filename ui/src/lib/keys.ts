/** Where a key press belongs to the focused control rather than to the queue's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  }
  return false;
}

/** Where keys belong to a form, a menu or a dialog (their radios, checkboxes, items). */
export function isInsideWidget(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('form, [role="menu"], [role="dialog"], dialog') !== null
  );
}

/** Whether Enter on this target already means "activate it" (a button, a link). */
export function activatesOnEnter(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("button, a[href], summary") !== null;
}

/** Ctrl+Enter, or Cmd+Enter on a Mac: send what is being written. */
export function isSendShortcut(event: KeyboardEvent): boolean {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey;
}

/** How the send shortcut is written on this computer. */
export const SEND_SHORTCUT = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘ Enter" : "Ctrl Enter";
