import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboxList } from "../bindings/OutboxList";
import { backend } from "../../test/backend";
import { emit, listening } from "../../test/events";
import { outboxItem, outboxList } from "../../test/fixtures";
import { outbox, READ_RETRY_MS } from "./outbox.svelte";

vi.mock("@tauri-apps/api/event", () => import("../../test/events"));

afterEach(() => {
  outbox.stop();
  vi.useRealTimers();
  clearMocks();
});

/** Follows profile 1's outbox, read as `read` holds at the time, once the first read is in. */
async function start(read: { current: OutboxList } = { current: outboxList() }) {
  const rust = backend({ outbox_list: () => read.current });
  outbox.start(1);
  await vi.waitFor(() => expect(rust.requests("outbox_list")).toHaveLength(1));
  await vi.waitFor(() => expect(outbox.items).toEqual(read.current.items));
  return rust;
}

describe("outbox", () => {
  it("reads the list once, then takes each list Rust sends, without polling", async () => {
    vi.useFakeTimers();
    const rust = await start({ current: outboxList([outboxItem({ id: 1, state: "queued" })]) });
    expect(outbox.pending).toBe(1);

    emit("outbox-changed", outboxList([outboxItem({ id: 1, state: "retrying" })]));
    expect(outbox.items.map((item) => item.state)).toEqual(["retrying"]);
    expect(outbox.pending).toBe(1);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(rust.requests("outbox_list")).toHaveLength(1);
  });

  it("announces a write it saw waiting once it is delivered, and only once", async () => {
    await start();
    const delivered: number[] = [];
    const stop = outbox.onDelivered((item) => delivered.push(item.id));

    emit("outbox-changed", outboxList([outboxItem({ id: 5, state: "queued" })]));
    emit("outbox-changed", outboxList([outboxItem({ id: 5, state: "sending" })]));
    expect(delivered).toEqual([]);

    emit("outbox-changed", outboxList([outboxItem({ id: 5, state: "delivered" })]));
    emit("outbox-changed", outboxList([outboxItem({ id: 5, state: "delivered" })]));
    expect(delivered).toEqual([5]);
    expect(outbox.pending).toBe(0);
    stop();
  });

  it("does not announce what was delivered before it was ever seen waiting", async () => {
    await start();
    const delivered: number[] = [];
    outbox.onDelivered((item) => delivered.push(item.id));
    outbox.afterWrite(outboxItem({ id: 6, state: "delivered" }));
    emit("outbox-changed", outboxList([outboxItem({ id: 6, state: "delivered" })]));
    expect(delivered).toEqual([]);
  });

  it("announces a delivery Rust sent before the write's answer, once that answer is in", async () => {
    const read = { current: outboxList() };
    await start(read);
    const delivered: number[] = [];
    outbox.onDelivered((item) => delivered.push(item.id));
    read.current = outboxList([outboxItem({ id: 7, ticketId: 90, state: "delivered" })]);
    emit("outbox-changed", read.current);

    // The command stopped waiting just before HaloPSA took the write.
    outbox.afterWrite(outboxItem({ id: 7, ticketId: null, state: "queued" }));
    expect(delivered).toEqual([]);
    await vi.waitFor(() => expect(delivered).toEqual([7]));
  });

  it("ignores another profile's list, and an answer older than the list Rust sent", async () => {
    await start({ current: outboxList([outboxItem({ id: 1, state: "rejected" })]) });
    emit("outbox-changed", outboxList([outboxItem({ id: 9, state: "queued" })], 2));
    expect(outbox.items.map((item) => item.id)).toEqual([1]);

    let answer: (list: OutboxList) => void = () => {};
    backend({ outbox_retry: () => new Promise((resolve) => (answer = resolve)) });
    const retried = outbox.retry(1);
    emit("outbox-changed", outboxList([outboxItem({ id: 1, state: "delivered" })]));
    answer(outboxList([outboxItem({ id: 1, state: "queued" })]));
    await retried;
    expect(outbox.items.map((item) => item.state)).toEqual(["delivered"]);
    expect(outbox.pending).toBe(0);
  });

  it("reads again after a failed read until one works", async () => {
    vi.useFakeTimers();
    let reads = 0;
    const rust = backend({
      outbox_list: () => {
        if (++reads === 1) throw { code: "storage", message: "The outbox could not be read." };
        return outboxList([outboxItem({ state: "queued" })]);
      },
    });
    outbox.start(1);
    await vi.waitFor(() => expect(outbox.error).toContain("could not be read"));

    await vi.advanceTimersByTimeAsync(READ_RETRY_MS);
    expect(outbox.error).toBeNull();
    expect(outbox.pending).toBe(1);
    await vi.advanceTimersByTimeAsync(READ_RETRY_MS * 5);
    expect(rust.requests("outbox_list")).toHaveLength(2);
  });

  it("lets go of a profile it has left: its list, its announcements and its reads", async () => {
    vi.useFakeTimers();
    const rust = backend({
      outbox_list: () => {
        throw { code: "storage", message: "The outbox could not be read." };
      },
    });
    outbox.start(1);
    await vi.waitFor(() => expect(outbox.error).not.toBeNull());

    outbox.stop();
    expect(listening("outbox-changed")).toBe(0);
    emit("outbox-changed", outboxList([outboxItem({ state: "queued" })]));
    await vi.advanceTimersByTimeAsync(READ_RETRY_MS * 3);
    expect(rust.requests("outbox_list")).toHaveLength(1);
    expect(outbox.items).toEqual([]);
    expect(outbox.error).toBeNull();
  });
});
