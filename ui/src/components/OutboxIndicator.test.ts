import { clearMocks } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboxItem } from "../lib/bindings/OutboxItem";
import { outbox } from "../lib/workflow/outbox.svelte";
import { backend } from "../test/backend";
import { allByTestId, byTestId, click, findByTestId } from "../test/dom";
import { emit } from "../test/events";
import { outboxItem, outboxList } from "../test/fixtures";
import OutboxIndicator from "./OutboxIndicator.svelte";

vi.mock("@tauri-apps/api/event", () => import("../test/events"));

let indicator: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (indicator) unmount(indicator);
  indicator = undefined;
  outbox.stop();
  clearMocks();
  document.body.innerHTML = "";
});

async function start(items: OutboxItem[], more: Parameters<typeof backend>[0] = {}) {
  const rust = backend({ outbox_list: () => outboxList(items), ...more });
  indicator = mount(OutboxIndicator, { target: document.body });
  outbox.start(1);
  await vi.waitFor(() => expect(outbox.items).toEqual(items));
  flushSync();
  return rust;
}

describe("OutboxIndicator", () => {
  it("is hidden while nothing waits", async () => {
    await start([outboxItem({ state: "delivered" })]);
    expect(byTestId("outbox-indicator")).toBeNull();
  });

  it("shows each list Rust sends for this connection", async () => {
    await start([]);
    emit("outbox-changed", outboxList([outboxItem({ state: "retrying" })], 2));
    expect(byTestId("outbox-indicator")).toBeNull();

    emit("outbox-changed", outboxList([outboxItem({ state: "retrying" })]));
    expect(byTestId("outbox-indicator")?.textContent?.trim()).toBe("1 waiting to send");
    emit("outbox-changed", outboxList([outboxItem({ state: "delivered" })]));
    expect(byTestId("outbox-indicator")).toBeNull();
  });

  it("counts what waits, looks refused when HaloPSA refused one, and says each state", async () => {
    await start([
      outboxItem({ id: 1, state: "queued", label: "Internal note" }),
      outboxItem({ id: 2, state: "rejected", label: "Escalation", lastError: "No such team." }),
      outboxItem({ id: 3, state: "delivered", label: "Client note" }),
    ]);
    const trigger = byTestId("outbox-indicator")!;
    expect(trigger.textContent?.trim()).toBe("2 waiting to send");
    expect(trigger.dataset.tone).toBe("refused");

    click(trigger);
    const items = allByTestId("outbox-item");
    expect(items.map((i) => i.dataset.state)).toEqual(["queued", "rejected", "delivered"]);
    expect(items[1]?.textContent).toContain("Refused: No such team.");
    expect(items[2]?.textContent).toContain("Sent");
    expect(items[0]?.querySelector('[data-testid="outbox-retry"]')).toBeNull();
    expect(items[2]?.querySelector('[data-testid="outbox-discard"]')).toBeNull();
  });

  it("retries a refused write, and discards one only once confirmed", async () => {
    const rejected = outboxItem({ id: 2, state: "rejected", lastError: "Ticket is locked." });
    const rust = await start([rejected], {
      outbox_retry: () => outboxList([{ ...rejected, state: "queued" }]),
      outbox_discard: () => outboxList([]),
    });
    click(byTestId("outbox-indicator"));

    click(byTestId("outbox-retry"));
    await vi.waitFor(() => expect(rust.requests("outbox_retry")).toEqual([{ id: 2 }]));
    await vi.waitFor(() => expect(byTestId("outbox-item")?.dataset.state).toBe("queued"));

    click(byTestId("outbox-discard"));
    const confirm = await findByTestId<HTMLDialogElement>("confirm-dialog");
    expect(confirm.open).toBe(true);
    expect(rust.requests("outbox_discard")).toEqual([]);
    click(byTestId("confirm-ok"));
    await vi.waitFor(() => expect(rust.requests("outbox_discard")).toEqual([{ id: 2 }]));
  });

  it("says why a discard was refused", async () => {
    await start([outboxItem({ id: 4, state: "retrying" })], {
      outbox_discard: () => {
        throw { code: "invalid", message: "A newer draft of this form exists." };
      },
    });
    click(byTestId("outbox-indicator"));
    click(byTestId("outbox-discard"));
    click(byTestId("confirm-ok"));
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain("A newer draft of this form exists."),
    );
  });
});
