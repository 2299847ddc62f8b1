import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClientDetails } from "../lib/bindings/ClientDetails";
import type { Handler } from "../test/backend";
import { allByTestId, byTestId, choose, click, findByTestId, type } from "../test/dom";
import { choices, outboxItem } from "../test/fixtures";
import { resetWorkflow, workflowBackend } from "../test/workflow";
import NewTicketDialog from "./NewTicketDialog.svelte";

let dialog: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (dialog) unmount(dialog);
  dialog = undefined;
  resetWorkflow();
});

const acme: ClientDetails = {
  clientId: 10,
  clientName: "Acme Ltd",
  sites: [
    { id: 100, name: "Head office", colour: "" },
    { id: 101, name: "Warehouse", colour: "" },
  ],
  users: [
    { id: 1, name: "Pat Doe", email: "pat@acme.test", siteId: 100 },
    { id: 2, name: "Lee Roe", email: "lee@acme.test", siteId: 101 },
  ],
  priorities: choices.priorities,
  defaultPriorityId: 4,
};

function start(handlers: Record<string, Handler>, props: Partial<Record<string, unknown>> = {}) {
  const rust = workflowBackend({
    client_search: () => ({ clients: [{ id: 10, name: "Acme Ltd", colour: "" }] }),
    client_details: () => acme,
    ...handlers,
  });
  dialog = mount(NewTicketDialog, {
    target: document.body,
    props: { onclose: () => {}, onCreated: () => {}, onOpenTicket: () => {}, ...props },
  });
  flushSync();
  return rust;
}

async function pickAcme() {
  byTestId("new-ticket-client")!.dispatchEvent(new FocusEvent("focus"));
  flushSync();
  click(await findByTestId("new-ticket-client-option", '[data-client-id="10"]'));
  await findByTestId("new-ticket-site", ' option[value="101"]');
}

describe("NewTicketDialog", () => {
  it("checks, warns of similar tickets, and creates when the technician goes ahead", async () => {
    const onCreated = vi.fn();
    let validations = 0;
    const rust = start(
      {
        ticket_validate: (request) => {
          validations++;
          const form = request.form as { summary: string };
          return {
            problems: form.summary
              ? []
              : [
                  {
                    field: "summary",
                    message: "Enter a summary: one line saying who is affected.",
                  },
                ],
            resolved: request.form,
          };
        },
        ticket_duplicates: () => ({
          tickets: [
            {
              id: 31,
              summary: "Printer jammed again",
              statusName: "In Progress",
              agentName: "Alex Morgan",
              similarity: 0.8,
            },
          ],
        }),
        ticket_create: () => outboxItem({ id: 9, ticketId: 77, label: "New ticket" }),
      },
      { onCreated },
    );

    await pickAcme();
    expect(byTestId<HTMLInputElement>("new-ticket-client")?.value).toBe("Acme Ltd");
    // The client's SLA default, once a client is chosen.
    await vi.waitFor(() =>
      expect(byTestId<HTMLSelectElement>("new-ticket-priority")?.value).toBe("4"),
    );
    choose("new-ticket-site", "101");
    const users = Array.from(byTestId<HTMLSelectElement>("new-ticket-user")!.options);
    expect(users.map((o) => o.textContent?.trim())).toEqual(["—", "Lee Roe"]);
    choose("new-ticket-user", "2");
    choose("new-ticket-type", "1");
    type("new-ticket-category", "Hardware>Printer");

    click(byTestId("new-ticket-submit"));
    const problem = await findByTestId("new-ticket-problem");
    expect(problem.dataset.field).toBe("summary");
    expect(problem.textContent).toContain("Enter a summary");
    expect(byTestId("new-ticket-summary")?.getAttribute("aria-invalid")).toBe("true");

    type("new-ticket-summary", "Printer jammed");
    expect(byTestId("new-ticket-problem")).toBeNull();
    expect(byTestId("new-ticket-count")?.textContent?.trim()).toBe("14/255");
    click(byTestId("new-ticket-submit"));

    const duplicate = await findByTestId("duplicate-item");
    expect(duplicate.textContent).toContain("#31 Printer jammed again");
    expect(rust.requests("ticket_create")).toEqual([]);

    click(byTestId("duplicate-create-anyway"));
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledOnce());
    expect(validations).toBe(2);
    expect(rust.requests("ticket_duplicates")).toEqual([
      { clientId: 10, summary: "Printer jammed" },
    ]);
    expect(rust.requests("ticket_create")).toEqual([
      {
        form: {
          clientId: 10,
          siteId: 101,
          userId: 2,
          ticketTypeId: 1,
          priorityId: 4,
          category: "Hardware>Printer",
          summary: "Printer jammed",
          details: "",
          teamName: null,
          agentId: null,
        },
        draftKey: "new-ticket",
      },
    ]);
    expect(onCreated.mock.calls[0]?.[0]).toMatchObject({ ticketId: 77 });
  });

  it("opens a similar ticket instead, keeping the draft", async () => {
    const onOpenTicket = vi.fn();
    const rust = start(
      {
        ticket_validate: (request) => ({ problems: [], resolved: request.form }),
        ticket_duplicates: () => ({
          tickets: [
            { id: 31, summary: "Printer", statusName: "New", agentName: "", similarity: 1 },
          ],
        }),
      },
      { onOpenTicket },
    );
    await pickAcme();
    type("new-ticket-summary", "Printer");
    click(byTestId("new-ticket-submit"));
    await findByTestId("duplicate-item");
    click(allByTestId("duplicate-item")[0]!.querySelector("button"));
    expect(onOpenTicket).toHaveBeenCalledWith(31);
    await vi.waitFor(() =>
      expect(
        rust.requests("draft_save").some((r) => String(r.body).includes('"summary":"Printer"')),
      ).toBe(true),
    );
  });

  it("restores a half-typed ticket, client and all", async () => {
    const body = JSON.stringify({
      clientId: 10,
      clientName: "Acme Ltd",
      siteId: 100,
      userId: 1,
      ticketTypeId: 1,
      priorityId: 2,
      category: "",
      summary: "Email down for the office",
      details: "Since 9am",
      teamName: "Service Desk",
      agentId: null,
    });
    start({
      draft_get: () => ({ draft: { key: "new-ticket", body, savedAt: "2025-03-12T13:00:00Z" } }),
    });
    await vi.waitFor(() =>
      expect(byTestId<HTMLInputElement>("new-ticket-summary")?.value).toBe(
        "Email down for the office",
      ),
    );
    expect(byTestId<HTMLInputElement>("new-ticket-client")?.value).toBe("Acme Ltd");
    await vi.waitFor(() => expect(byTestId<HTMLSelectElement>("new-ticket-user")?.value).toBe("1"));
    // A restored priority is the technician's choice, not replaced by the client's default.
    expect(byTestId<HTMLSelectElement>("new-ticket-priority")?.value).toBe("2");
    expect(byTestId<HTMLSelectElement>("new-ticket-team")?.value).toBe("Service Desk");
  });
});
