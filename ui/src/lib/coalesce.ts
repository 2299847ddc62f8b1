/**
 * Bursts of the same request made into one: the returned function runs `run` once calls to it
 * have stopped for `quietMs`, and at least every `maxWaitMs` while they keep coming, so a
 * long burst still shows progress.
 */
export interface Coalesced {
  (): void;
  /** Forgets a run that is waiting: its component is gone. */
  cancel(): void;
}

export function coalesce(run: () => void, quietMs: number, maxWaitMs: number): Coalesced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burstStart: number | undefined;
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    burstStart = undefined;
  };
  const call = () => {
    const now = Date.now();
    burstStart ??= now;
    clearTimeout(timer);
    const wait = Math.min(quietMs, Math.max(0, burstStart + maxWaitMs - now));
    timer = setTimeout(() => {
      cancel();
      run();
    }, wait);
  };
  return Object.assign(call, { cancel });
}
