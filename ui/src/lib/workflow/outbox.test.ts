import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboxItem } from "../bindings/OutboxItem";
import { backend } from "../../test/backend";
import { outboxItem } from "../../test/fixtures";
import { outbox, POLL_MS } from "./outbox.svelte";

afterEach(() => {
  outbox.reset();
  vi.useRealTimers();
  clearMocks();
});

/** Answers `outbox_list` with whatever `items` holds at the time. */
function listing(items: { current: OutboxItem[] }) {
  return backend({
    outbox_list: () => ({
      items: items.current,
      pending: items.current.filter((i) => i.state !== "delivered").length,
    }),
  });
}

describe("outbox", () => {
  it("announces a write it saw waiting once it is delivered, and only once", async () => {
    const items = { current: [outboxItem({ id: 5, state: "queued" })] };
    listing(items);
    const delivered: number[] = [];
    const stop = outbox.onDelivered((item) => delivered.push(item.id));

    outbox.afterWrite(outboxItem({ id: 5, state: "queued" }));
    await vi.waitFor(() => expect(outbox.pending).toBe(1));
    expect(delivered).toEqual([]);

    items.current = [outboxItem({ id: 5, state: "delivered" })];
    await outbox.refresh();
    await outbox.refresh();
    expect(delivered).toEqual([5]);
    expect(outbox.pending).toBe(0);
    stop();
  });

  it("does not announce what was delivered before it was ever seen waiting", async () => {
    listing({ current: [outboxItem({ id: 6, state: "delivered" })] });
    const delivered: number[] = [];
    outbox.onDelivered((item) => delivered.push(item.id));
    outbox.afterWrite(outboxItem({ id: 6, state: "delivered" }));
    await outbox.refresh();
    expect(delivered).toEqual([]);
  });

  it("polls every two seconds while anything waits, and stops when nothing does", async () => {
    vi.useFakeTimers();
    const items = { current: [outboxItem({ state: "retrying" })] };
    const rust = listing(items);
    await outbox.refresh();
    expect(rust.requests("outbox_list")).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(rust.requests("outbox_list")).toHaveLength(2);

    items.current = [];
    await vi.advanceTimersByTimeAsync(POLL_MS);
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(rust.requests("outbox_list")).toHaveLength(3);
  });

  it("stops polling for a profile it has left", async () => {
    vi.useFakeTimers();
    const rust = listing({ current: [outboxItem({ state: "queued" })] });
    await outbox.refresh();
    outbox.reset();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(rust.requests("outbox_list")).toHaveLength(1);
    expect(outbox.items).toEqual([]);
  });
});
