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

/** Measures one keystroke of the search box, from the input event to the next frame. */
export function measureFilter(inputAt: number): void {
  requestAnimationFrame(() =>
    performance.measure("halodesk:filter", { start: inputAt, end: performance.now() }),
  );
}
