/**
 * Performance API marks that the benchmark reads: they are product instrumentation, recorded in
 * a requestAnimationFrame callback so they time what was painted, not what was computed.
 */
let firstRowsMarked = false;

/** Marks the first time rows reach the screen in this window's life. */
export function markFirstRows(rows: number): void {
  if (firstRowsMarked) return;
  firstRowsMarked = true;
  requestAnimationFrame(() => performance.mark("halodesk:first-rows", { detail: { rows } }));
}

/**
 * Measures one keystroke of the search box from its input event: to the filtered list in the
 * DOM (`halodesk:filter-update`, called right after Svelte's update), and to the start of the
 * next frame, which includes waiting for the engine to paint what came before
 * (`halodesk:filter`).
 */
export function measureFilter(inputAt: number): void {
  performance.measure("halodesk:filter-update", { start: inputAt, end: performance.now() });
  requestAnimationFrame(() =>
    performance.measure("halodesk:filter", { start: inputAt, end: performance.now() }),
  );
}
