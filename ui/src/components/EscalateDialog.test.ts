import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { byTestId, choose, click, findByTestId, type } from "../test/dom";
import { outboxItem, queueRow } from "../test/fixtures";
import { resetWorkflow, workflowBackend } from "../test/workflow";
import EscalateDialog from "./EscalateDialog.svelte";

let dialog: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (dialog) unmount(dialog);
  dialog = undefined;
  resetWorkflow();
});

describe("EscalateDialog", () => {
  it("offers only more urgent priorities, shows Rust's refusal, then escalates", async () => {
    const onEscalated = vi.fn();
    const rust = workflowBackend({
      ticket_escalate: (request) => {
        if (request.agentId === null && request.teamName === null) {
          throw {
            code: "invalid",
            message: "Choose the senior agent or team the ticket is escalated to.",
          };
        }
        return outboxItem({ label: "Escalation", state: "queued" });
      },
    });
    dialog = mount(EscalateDialog, {
      target: document.body,
      props: {
        row: queueRow({ id: 42, priorityId: 4, priorityName: "Medium" }),
        onclose: () => {},
        onEscalated,
      },
    });
    flushSync();

    await findByTestId("escalate-agent", ' option[value="8"]');
    const priorities = Array.from(byTestId<HTMLSelectElement>("escalate-priority")!.options);
    expect(priorities.map((o) => o.textContent?.trim())).toEqual([
      "Keep Medium",
      "Critical",
      "High",
    ]);

    type("escalate-reason", "Payroll server down for the whole office");
    click(byTestId("escalate-submit"));
    const error = await findByTestId("escalate-error");
    expect(error.textContent).toBe("Choose the senior agent or team the ticket is escalated to.");

    choose("escalate-agent", "8");
    choose("escalate-priority", "2");
    type("escalate-manager", "  boss@msp.test ");
    click(byTestId("escalate-submit"));
    await vi.waitFor(() => expect(onEscalated).toHaveBeenCalledOnce());
    expect(rust.requests("ticket_escalate").at(-1)).toEqual({
      ticketId: 42,
      agentId: 8,
      teamName: null,
      priorityId: 2,
      reason: "Payroll server down for the whole office",
      managerEmail: "boss@msp.test",
      draftKey: "escalate:42",
    });
  });
});
