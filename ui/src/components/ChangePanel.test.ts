import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { QueueRow } from "../lib/bindings/QueueRow";
import type { Handler } from "../test/backend";
import { byTestId, choose, click, findByTestId, type } from "../test/dom";
import { outboxItem, queueRow } from "../test/fixtures";
import { resetWorkflow, workflowBackend } from "../test/workflow";
import ChangePanel from "./ChangePanel.svelte";

let panel: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (panel) unmount(panel);
  panel = undefined;
  resetWorkflow();
});

const NO_AGENT =
  "No agent is assigned: assign one so the ticket has an owner while it is in progress.";

async function start(handlers: Record<string, Handler>, row: QueueRow, onChanged = () => {}) {
  const rust = workflowBackend(handlers);
  panel = mount(ChangePanel, { target: document.body, props: { row, onChanged } });
  flushSync();
  // The statuses are in once the choices are read.
  await findByTestId("change-status", ' option[value="9"]');
  return rust;
}

describe("ChangePanel", () => {
  it("shows the warnings, and sends again confirmed when the technician goes ahead", async () => {
    const onChanged = vi.fn();
    const rust = await start(
      {
        ticket_change: (request) =>
          request.confirmed
            ? { warnings: [], write: outboxItem({ label: "Status change", state: "queued" }) }
            : { warnings: [NO_AGENT], write: null },
      },
      queueRow({ id: 42, statusId: 1, statusName: "New", agentId: null, agentName: "" }),
      onChanged,
    );

    expect(byTestId<HTMLButtonElement>("change-apply")?.disabled).toBe(true);
    choose("change-status", "2");
    expect(byTestId("change-resolution")).toBeNull();
    click(byTestId("change-apply"));

    const warnings = await findByTestId("change-warnings");
    expect(warnings.textContent).toContain(NO_AGENT);
    expect(onChanged).not.toHaveBeenCalled();

    click(byTestId("change-confirm"));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(rust.requests("ticket_change")).toEqual([
      {
        ticketId: 42,
        statusId: 2,
        priorityId: null,
        agentId: null,
        teamName: null,
        resolution: "",
        confirmed: false,
        draftKey: "change:42",
      },
      {
        ticketId: 42,
        statusId: 2,
        priorityId: null,
        agentId: null,
        teamName: null,
        resolution: "",
        confirmed: true,
        draftKey: "change:42",
      },
    ]);
    expect(byTestId("change-warnings")).toBeNull();
    expect(byTestId<HTMLSelectElement>("change-status")?.value).toBe("1");
    expect((await findByTestId("write-notice")).textContent).toContain("Saved — will send");
  });

  it("asks for a resolution to close, and shows Rust's rule error next to it", async () => {
    const rust = await start(
      {
        ticket_change: (request) => {
          if (String(request.resolution).trim() === "") {
            throw {
              code: "invalid",
              message: "A resolution is required to resolve or close a ticket: say what fixed it.",
            };
          }
          return { warnings: [], write: outboxItem({ label: "Resolution" }) };
        },
      },
      queueRow({ id: 42, statusId: 2, agentId: 7 }),
    );

    choose("change-status", "9");
    const resolution = await findByTestId<HTMLTextAreaElement>("change-resolution");
    click(byTestId("change-apply"));
    const error = await findByTestId("change-error");
    expect(error.textContent).toContain("A resolution is required");
    expect(resolution.getAttribute("aria-invalid")).toBe("true");
    expect(resolution.getAttribute("aria-describedby")).toBe(error.id);

    type("change-resolution", "Replaced the fuser unit.");
    expect(byTestId("change-error")).toBeNull();
    click(byTestId("change-apply"));
    await vi.waitFor(() => expect(rust.requests("ticket_change")).toHaveLength(2));
    expect(rust.requests("ticket_change")[1]).toMatchObject({
      statusId: 9,
      resolution: "Replaced the fuser unit.",
      confirmed: false,
    });
  });

  it("keeps no draft of a pick the ticket already has", async () => {
    const body = JSON.stringify({
      statusId: 1,
      priorityId: null,
      agentId: null,
      teamName: null,
      resolution: "",
    });
    const rust = await start(
      {
        draft_get: () => ({ draft: { key: "change:42", body, savedAt: "2025-03-12T13:00:00Z" } }),
      },
      queueRow({ id: 42, statusId: 1, statusName: "New" }),
    );
    await vi.waitFor(() => expect(rust.requests("draft_clear")).toEqual([{ key: "change:42" }]));
    expect(byTestId<HTMLButtonElement>("change-apply")?.disabled).toBe(true);
    expect(rust.requests("draft_save")).toEqual([]);
  });

  it("sends only what changed, and unassigns with agent 0", async () => {
    const rust = await start(
      { ticket_change: () => ({ warnings: [], write: outboxItem({ label: "Assignment" }) }) },
      queueRow({ id: 42, agentId: 7, teamName: "Service Desk" }),
    );
    choose("change-agent", "0");
    choose("change-team", "Second Line");
    click(byTestId("change-apply"));
    await vi.waitFor(() => expect(rust.requests("ticket_change")).toHaveLength(1));
    expect(rust.requests("ticket_change")[0]).toMatchObject({
      statusId: null,
      priorityId: null,
      agentId: 0,
      teamName: "Second Line",
    });
  });
});
