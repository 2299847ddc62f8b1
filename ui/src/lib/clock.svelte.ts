/**
 * One clock for every time-relative text ("5 min ago", "45m left"): it ticks once a minute, so
 * the whole window re-renders those texts together instead of each row keeping a timer.
 */
export const clock = $state({ now: Date.now() });

/** Starts the minute tick; returns what stops it. */
export function startClock(): () => void {
  clock.now = Date.now();
  const timer = setInterval(() => (clock.now = Date.now()), 60_000);
  return () => clearInterval(timer);
}
