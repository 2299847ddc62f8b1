import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, screenshot } from "../support/app";
import { eventually, simStats, useDownloadFolder } from "../support/daily";
import type { SimAction, SimTicket } from "../support/sim";
import { connectedSpec } from "../support/spec";
import {
  byTestId,
  invoke,
  openTicket,
  sendNote,
  timelineEntry,
  waitForOutboxDrained,
} from "../support/ui";

/** Makes text unique to this run, so a match cannot be left over from another. */
const run = Date.now().toString(36);

/** `GET /api/Tickets/{id}` with the assignment fields these tests check. */
type TicketDetail = SimTicket & { agent_id: number; team: string };
/** `GET /api/Actions` rows with the fields a resolution and an escalation set. */
type ActionDetail = SimAction & { hiddenfromuser: boolean; new_status: number };

/** The simulator's agent and team an escalation goes to, and its priority IDs (seed 1). */
const SENIOR = { id: 10, name: "Olivia Brennan", team: "Escalations" };
const HIGH = 2;
const RESOLVED = 8;

/** Waits for a form's "Draft saved", so the hint's arrival cannot move a button mid-click. */
async function draftSaved(app: App, form: string): Promise<void> {
  await app.$(`${form} [data-testid="draft-saved"]`).waitForDisplayed({ timeout: 15_000 });
}

/** The timer's reading in seconds ("01:05" is 65). */
async function timerSeconds(app: App): Promise<number> {
  const text = (await byTestId(app, "timer-elapsed").getText()).trim();
  return text.split(":").reduce((total, part) => total * 60 + Number(part), 0);
}

describe("a technician's daily work on a ticket", () => {
  const spec = connectedSpec("daily-ticket");
  /** Each test works a ticket of its own. */
  const used = new Set<number>();
  const pick = (fits: (t: SimTicket) => boolean): SimTicket => {
    const ticket = spec.open.find((t) => !used.has(t.id) && fits(t));
    if (!ticket) throw new Error("the simulator has no open ticket that fits");
    used.add(ticket.id);
    return ticket;
  };

  it("escalates a ticket: the simulator has the new agent, team, priority and the reason", async () => {
    const ticket = pick((t) => t.priority_id > HIGH && t.agent_name !== SENIOR.name);
    const reason = `Printer driver rollback failed twice ${run}`;
    await openTicket(spec.app, ticket);
    await byTestId(spec.app, "escalate-open").click();
    const dialog = byTestId(spec.app, "escalate-dialog");
    await dialog.waitForDisplayed({ timeout: 15_000 });
    // The picklists arrive with the workflow choices: wait for the senior agent to be offered.
    const agent = byTestId(spec.app, "escalate-agent");
    await agent.$(`option[value="${SENIOR.id}"]`).waitForExist({ timeout: 30_000 });
    await agent.selectByAttribute("value", String(SENIOR.id));
    await byTestId(spec.app, "escalate-team").selectByVisibleText(SENIOR.team);
    await byTestId(spec.app, "escalate-priority").selectByAttribute("value", String(HIGH));
    await byTestId(spec.app, "escalate-reason").setValue(reason);
    await draftSaved(spec.app, '[data-testid="escalate-dialog"]');
    await screenshot(spec.app, import.meta.url, "escalate-dialog");
    await byTestId(spec.app, "escalate-submit").click();
    await dialog.waitForExist({ reverse: true, timeout: 30_000 });
    await byTestId(spec.app, "write-notice").waitForDisplayed({ timeout: 30_000 });

    const after = await eventually(
      spec.app,
      `ticket ${ticket.id} escalated in the simulator`,
      () => spec.sim.get<TicketDetail>(`Tickets/${ticket.id}`),
      (t) => t.agent_id === SENIOR.id,
    );
    expect(after).toMatchObject({ agent_id: SENIOR.id, team: SENIOR.team, priority_id: HIGH });
    const note = `Escalated to ${SENIOR.name} (${SENIOR.team}): ${reason}`;
    const notes = (await spec.sim.actions(ticket.id)) as ActionDetail[];
    const recorded = notes.filter((a) => a.note === note);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.hiddenfromuser).toBe(true);

    await waitForOutboxDrained(spec.app);
    const entry = await timelineEntry(spec.app, recorded[0]!.id, reason);
    await entry.scrollIntoView();
    await screenshot(spec.app, import.meta.url, "escalated");
  });

  it("resolves a ticket: the simulator has it Resolved, with the resolution the client sees", async () => {
    // In progress and assigned: the transition asks nothing more than the resolution.
    const ticket = pick((t) => t.status_name === "In Progress" && t.agent_name !== "");
    const resolution = `Replaced the failing dock power supply ${run}`;
    await openTicket(spec.app, ticket);
    await byTestId(spec.app, "change-status").selectByVisibleText("Resolved");
    const text = byTestId(spec.app, "change-resolution");
    await text.waitForDisplayed({ timeout: 15_000 });
    await text.setValue(resolution);
    await draftSaved(spec.app, 'form[aria-label="Change the ticket"]');
    await byTestId(spec.app, "change-apply").click();
    const notice = spec.app.$('form[aria-label="Change the ticket"] [data-testid="write-notice"]');
    await notice.waitForDisplayed({ timeout: 30_000 });
    await expect(byTestId(spec.app, "change-warnings").isExisting()).resolves.toBe(false);

    const after = await eventually(
      spec.app,
      `ticket ${ticket.id} resolved in the simulator`,
      () => spec.sim.get<TicketDetail>(`Tickets/${ticket.id}`),
      (t) => t.status_id === RESOLVED,
    );
    expect(after.status_name).toBe("Resolved");
    const actions = (await spec.sim.actions(ticket.id)) as ActionDetail[];
    const recorded = actions.filter((a) => a.note === resolution);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ new_status: RESOLVED, hiddenfromuser: false });

    await waitForOutboxDrained(spec.app);
    // The pane reads the ticket again: its status select now shows Resolved.
    await spec.app.waitUntil(
      async () =>
        (await byTestId(spec.app, "change-status").$("option:checked").getText()) === "Resolved",
      { timeout: 30_000, timeoutMsg: "the ticket pane never showed the ticket Resolved" },
    );
    await (await timelineEntry(spec.app, recorded[0]!.id, resolution)).scrollIntoView();
    await screenshot(spec.app, import.meta.url, "resolved");
  });

  it("logs the timer's minutes into a note: the simulator records the time, the timer is cleared", async () => {
    const ticket = pick(() => true);
    const note = `Rebuilt the user's Outlook profile ${run}`;
    await openTicket(spec.app, ticket);
    await expect(timerSeconds(spec.app)).resolves.toBe(0);

    // Started, run, paused and reset: back to nothing.
    await byTestId(spec.app, "timer-start").click();
    await byTestId(spec.app, "timer-pause").waitForDisplayed({ timeout: 15_000 });
    await spec.app.waitUntil(async () => (await timerSeconds(spec.app)) >= 2, {
      timeout: 30_000,
      timeoutMsg: "the running timer never counted two seconds",
    });
    await byTestId(spec.app, "timer-pause").click();
    await byTestId(spec.app, "timer-start").waitForDisplayed({ timeout: 15_000 });
    await byTestId(spec.app, "timer-reset").click();
    await byTestId(spec.app, "timer-log").waitForExist({ reverse: true, timeout: 15_000 });
    await expect(timerSeconds(spec.app)).resolves.toBe(0);

    // Run again, then "Log time" (which pauses it) fills the composer's minutes.
    await byTestId(spec.app, "timer-start").click();
    await spec.app.waitUntil(async () => (await timerSeconds(spec.app)) >= 1, {
      timeout: 30_000,
      timeoutMsg: "the restarted timer never counted a second",
    });
    await byTestId(spec.app, "timer-log").click();
    await byTestId(spec.app, "composer-from-timer").waitForDisplayed({ timeout: 15_000 });
    const timers = await invoke<{ timers: { ticketId: number; elapsedMs: number }[] }>(
      spec.app,
      "timer_list",
      { request: {} },
    );
    const paused = timers.timers.find((t) => t.ticketId === ticket.id)!;
    // The whole minutes begun, at least one, as the composer books them.
    const minutes = Math.max(1, Math.ceil(paused.elapsedMs / 60_000));
    await expect(byTestId(spec.app, "composer-minutes").getValue()).resolves.toBe(String(minutes));
    await screenshot(spec.app, import.meta.url, "timer-logged");

    await sendNote(spec.app, note);
    const recorded = await eventually(
      spec.app,
      `the timed note on ticket ${ticket.id}`,
      async () => (await spec.sim.actions(ticket.id)).filter((a) => a.note === note),
      (found) => found.length > 0,
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.timetaken).toBe(Math.round((minutes / 60) * 10_000) / 10_000);

    // Booked, so the timer is gone: in Rust and on screen.
    const left = await invoke<{ timers: { ticketId: number }[] }>(spec.app, "timer_list", {
      request: {},
    });
    expect(left.timers.some((t) => t.ticketId === ticket.id)).toBe(false);
    await spec.app.waitUntil(async () => (await timerSeconds(spec.app)) === 0, {
      timeout: 15_000,
      timeoutMsg: "the header still shows the booked time",
    });
    await waitForOutboxDrained(spec.app);
    await (await timelineEntry(spec.app, recorded[0]!.id, note)).scrollIntoView();
    await screenshot(spec.app, import.meta.url, "timer-booked");
  });

  describe("saving an attachment", () => {
    let folder: string;
    let undo: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), "halodesk-downloads-"));
      undo = await useDownloadFolder(folder);
    });

    afterAll(async () => {
      await undo?.();
    });

    it("puts the file in the download folder with the bytes HaloPSA holds, never over another", async () => {
      const ticket = pick((t) => t.attachment_count > 0);
      const attachment = (await spec.sim.attachments(ticket.id))[0]!;
      const expected = await spec.sim.attachmentBytes(attachment.id);
      const route = "GET /api/Attachment/{id}";
      const downloadsBefore = (await simStats(spec.sim.url)).by_route[route] ?? 0;

      await openTicket(spec.app, ticket);
      const item = byTestId(
        spec.app,
        "attachment-item",
        `[data-filename="${attachment.filename}"]`,
      );
      await item.waitForDisplayed({ timeout: 30_000 });
      await item.scrollIntoView();
      const chosen = await invoke<{ path: string }>(spec.app, "download_folder", { request: {} });
      expect(chosen.path).toBe(folder);
      await spec.app.waitUntil(
        async () => (await spec.app.$(`[title="${folder}"]`).isDisplayed()) === true,
        { timeout: 15_000, timeoutMsg: "the ticket never said where Save puts files" },
      );

      const save = item.$('[data-testid="attachment-save"]');
      const seen = new Set<string>();
      /** Clicks Save and returns the path the list says the file went to. */
      const savedTo = async (): Promise<string> => {
        await save.click();
        const saved = item.$('[data-testid="attachment-saved"]');
        let path = "";
        await spec.app.waitUntil(
          async () => {
            path = (await saved.isExisting()) ? String(await saved.getAttribute("title")) : "";
            return path !== "" && !seen.has(path);
          },
          { timeout: 30_000, timeoutMsg: `Save never said where ${attachment.filename} went` },
        );
        seen.add(path);
        return path;
      };
      const first = await savedTo();
      expect(dirname(first)).toBe(folder);
      expect(await readFile(first)).toEqual(expected);
      await screenshot(spec.app, import.meta.url, "saved");

      // Saved again: a second file beside the first, which is left as it was.
      const second = await savedTo();
      expect(dirname(second)).toBe(folder);
      expect(second).not.toBe(first);
      expect(await readFile(second)).toEqual(expected);
      expect(await readFile(first)).toEqual(expected);
      expect((await readdir(folder)).sort()).toEqual(
        [first, second].map((p) => p.slice(folder.length + 1)).sort(),
      );
      // Each Save fetched the file from HaloPSA.
      expect((await simStats(spec.sim.url)).by_route[route]).toBe(downloadsBefore + 2);
    });
  });
});
