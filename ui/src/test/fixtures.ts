/** Rows, lookups and sessions for tests: sensible defaults, overridden where a test cares. */
import type { OutboxItem } from "../lib/bindings/OutboxItem";
import type { OutboxList } from "../lib/bindings/OutboxList";
import type { QueueLookups } from "../lib/bindings/QueueLookups";
import type { QueueRow } from "../lib/bindings/QueueRow";
import type { Session } from "../lib/bindings/Session";
import type { UploadItem } from "../lib/bindings/UploadItem";
import type { WorkflowChoices } from "../lib/bindings/WorkflowChoices";

export const NOW = Date.parse("2025-03-12T14:00:00Z");

export function minutesFromNow(minutes: number): string {
  return new Date(NOW + minutes * 60_000).toISOString();
}

export function queueRow(overrides: Partial<QueueRow> = {}): QueueRow {
  return {
    id: 1,
    summary: "Printer offline",
    clientId: 10,
    clientName: "Acme Ltd",
    statusId: 1,
    statusName: "New",
    priorityId: 2,
    priorityName: "High",
    agentId: 7,
    agentName: "Alex Morgan",
    teamName: "Service Desk",
    ticketTypeName: "Incident",
    sla: { state: "onTrack", target: "resolution", dueAt: minutesFromNow(130) },
    closed: false,
    updatedAt: minutesFromNow(-5),
    ...overrides,
  };
}

export const lookups: QueueLookups = {
  statuses: [
    { id: 1, name: "New", colour: "#2563eb", closed: false },
    { id: 2, name: "In Progress", colour: "#16a34a", closed: false },
    { id: 9, name: "Closed", colour: "#6b7280", closed: true },
  ],
  priorities: [
    { id: 1, name: "Critical", colour: "#dc2626" },
    { id: 2, name: "High", colour: "#ea580c" },
    { id: 3, name: "Low", colour: "" },
  ],
  teams: [{ id: 1, name: "Service Desk", colour: "" }],
  agents: [{ id: 7, name: "Alex Morgan", colour: "" }],
};

export const session: Session = {
  profile: {
    id: 1,
    name: "acme.halopsa.com",
    method: "clientSecret",
    instanceUrl: "https://acme.halopsa.com",
    tenant: null,
    clientId: "client",
    agent: null,
  },
  agent: { id: 7, name: "Alex Morgan", email: "alex@acme.test", teamName: "Service Desk" },
};

export const choices: WorkflowChoices = {
  statuses: [
    { id: 1, name: "New", colour: "#2563eb", meaning: "new" },
    { id: 2, name: "In Progress", colour: "#16a34a", meaning: "inProgress" },
    { id: 3, name: "Waiting on Client", colour: "", meaning: "waiting" },
    { id: 9, name: "Resolved", colour: "#6b7280", meaning: "closed" },
  ],
  priorities: [
    { id: 1, name: "Critical", colour: "#dc2626", urgency: 0 },
    { id: 2, name: "High", colour: "#ea580c", urgency: 1 },
    { id: 4, name: "Medium", colour: "", urgency: 2 },
    { id: 3, name: "Low", colour: "", urgency: 3 },
  ],
  ticketTypes: [{ id: 1, name: "Incident", colour: "" }],
  teams: [
    { id: 1, name: "Service Desk", colour: "" },
    { id: 2, name: "Second Line", colour: "" },
  ],
  agents: [
    { id: 7, name: "Alex Morgan", teamName: "Service Desk" },
    { id: 8, name: "Sam Senior", teamName: "Second Line" },
  ],
  outcomes: [],
};

export function outboxItem(overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 1,
    ticketId: 42,
    label: "Internal note",
    excerpt: "Rebooted the router",
    state: "delivered",
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    createdAt: minutesFromNow(0),
    ...overrides,
  };
}

/** The outbox of profile 1 (or `profileId`) holding `items`, counting those not delivered. */
export function outboxList(items: OutboxItem[] = [], profileId = 1): OutboxList {
  return {
    profileId,
    items,
    pending: items.filter((item) => item.state !== "delivered").length,
  };
}

/** A queued upload of a 4 MB screenshot on ticket 42, profile 1. */
export function uploadItem(overrides: Partial<UploadItem> = {}): UploadItem {
  return {
    id: 1,
    profileId: 1,
    ticketId: 42,
    filename: "error dialog.png",
    sizeBytes: 4 * 1024 * 1024,
    sentBytes: 0,
    bytesPerSecond: 0,
    state: "queued",
    error: null,
    note: "",
    visibleToUser: false,
    isImage: true,
    attachmentId: null,
    revision: 0,
    ...overrides,
  };
}
