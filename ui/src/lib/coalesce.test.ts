import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalesce } from "./coalesce";

describe("coalesce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once when a burst goes quiet", () => {
    const run = vi.fn();
    const soon = coalesce(run, 100, 1000);
    for (let i = 0; i < 5; i++) {
      soon();
      vi.advanceTimersByTime(50);
    }
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs at least every max wait while a burst goes on", () => {
    const run = vi.fn();
    const soon = coalesce(run, 100, 300);
    for (let i = 0; i < 20; i++) {
      soon();
      vi.advanceTimersByTime(50);
    }
    // 1,000 ms of calls every 50 ms: a run every 300 ms, none for quiet.
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("runs nothing once cancelled", () => {
    const run = vi.fn();
    const soon = coalesce(run, 100, 300);
    soon();
    soon.cancel();
    vi.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
