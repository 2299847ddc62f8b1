/**
 * A popover hanging off a trigger button: a menu, a filter's choices, the outbox. A press
 * anywhere outside its root, or Escape within it, closes it.
 *
 *   const menu = new Popover();
 *   <div {@attach menu.root}><button {@attach menu.trigger} onclick={menu.toggle}>…</div>
 */
import type { Attachment } from "svelte/attachments";

export class Popover {
  open = $state(false);
  #trigger: HTMLElement | undefined;
  #held: () => boolean;

  /** `held`: while true, presses and Escape belong to something else (a confirmation). */
  constructor({ held = () => false }: { held?: () => boolean } = {}) {
    this.#held = held;
  }

  toggle = (): void => {
    this.open = !this.open;
  };

  close = (): void => {
    this.open = false;
  };

  /** The element holding the trigger and the popover. */
  root: Attachment<HTMLElement> = (root) => {
    const closeOnOutside = (event: PointerEvent) => {
      if (this.open && !this.#held() && !root.contains(event.target as Node)) this.open = false;
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (!this.open || this.#held() || event.key !== "Escape") return;
      event.preventDefault();
      this.open = false;
      this.#trigger?.focus();
    };
    window.addEventListener("pointerdown", closeOnOutside);
    root.addEventListener("keydown", closeOnEscape);
    return () => {
      window.removeEventListener("pointerdown", closeOnOutside);
      root.removeEventListener("keydown", closeOnEscape);
    };
  };

  /** The button that opens it, if Escape should give it the focus back. */
  trigger: Attachment<HTMLElement> = (button) => {
    this.#trigger = button;
    return () => (this.#trigger = undefined);
  };
}
