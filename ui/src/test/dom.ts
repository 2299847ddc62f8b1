/** Small helpers for component tests: find by test id, type as a person would, wait. */
import { flushSync } from "svelte";
import { vi } from "vitest";

export function byTestId<T extends HTMLElement = HTMLElement>(id: string, more = ""): T | null {
  return document.querySelector<T>(`[data-testid="${id}"]${more}`);
}

export function allByTestId(id: string): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
}

/** Waits until the element shows up, and returns it. */
export async function findByTestId<T extends HTMLElement = HTMLElement>(
  id: string,
  more = "",
): Promise<T> {
  return vi.waitFor(
    () => {
      const element = byTestId<T>(id, more);
      if (!element) throw new Error(`no [data-testid="${id}"]${more} yet`);
      return element;
    },
    { timeout: 3_000 },
  );
}

export function type(id: string, value: string): void {
  const input = byTestId<HTMLInputElement>(id);
  if (!input) throw new Error(`no input [data-testid="${id}"]`);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

export function click(element: HTMLElement | null): void {
  if (!element) throw new Error("nothing to click");
  element.click();
  flushSync();
}

/** Picks `value` in a select, as a person would. */
export function choose(testid: string, value: string): void {
  const select = byTestId<HTMLSelectElement>(testid)!;
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  flushSync();
}
