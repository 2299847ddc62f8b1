import { afterEach, describe, expect, it } from "vitest";
import { Popover } from "./popover.svelte";

afterEach(() => {
  document.body.innerHTML = "";
});

/** A root holding a trigger and an item, next to something outside it. */
function page() {
  const root = document.createElement("div");
  const trigger = document.createElement("button");
  const item = document.createElement("button");
  const outside = document.createElement("button");
  root.append(trigger, item);
  document.body.append(root, outside);
  return { root, trigger, item, outside };
}

const press = (element: HTMLElement) =>
  element.dispatchEvent(new Event("pointerdown", { bubbles: true }));

function escape(element: HTMLElement): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true });
  element.dispatchEvent(event);
  return event;
}

describe("Popover", () => {
  it("closes on a press outside its root, not inside", () => {
    const { root, item, outside } = page();
    const popover = new Popover();
    popover.root(root);
    popover.toggle();

    press(item);
    expect(popover.open).toBe(true);
    press(outside);
    expect(popover.open).toBe(false);
  });

  it("closes on Escape within, claiming the key, and gives the focus back to its trigger", () => {
    const { root, trigger, item } = page();
    const popover = new Popover();
    popover.root(root);
    popover.trigger(trigger);
    popover.toggle();
    item.focus();

    expect(escape(item).defaultPrevented).toBe(true);
    expect(popover.open).toBe(false);
    expect(document.activeElement).toBe(trigger);
    // Closed, Escape is left to whatever else listens for it.
    expect(escape(item).defaultPrevented).toBe(false);
  });

  it("leaves the focus where it is without a trigger", () => {
    const { root, item } = page();
    const popover = new Popover();
    popover.root(root);
    popover.toggle();
    item.focus();

    escape(item);
    expect(popover.open).toBe(false);
    expect(document.activeElement).toBe(item);
  });

  it("stays open while held, and lets go of the page once detached", () => {
    const { root, item, outside } = page();
    let held = true;
    const popover = new Popover({ held: () => held });
    const detach = popover.root(root);
    popover.toggle();

    press(outside);
    expect(escape(item).defaultPrevented).toBe(false);
    expect(popover.open).toBe(true);

    held = false;
    if (detach) detach();
    press(outside);
    escape(item);
    expect(popover.open).toBe(true);
  });
});
