/**
 * A second launch on the same data folder: the running window comes forward, the second
 * process exits, and only the first copy's outbox worker sends (a note in flight during the
 * second launch reaches HaloPSA once).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { required, screenshot } from "../support/app";
import { connectedSpec } from "../support/spec";
import { invoke, openTicket, outbox, waitForOutboxDrained } from "../support/ui";

const run = Date.now().toString(36);

/** The process IDs running the app binary (zombies the driver has not reaped do not count). */
function appProcesses(): number[] {
  const binary = required("HALODESK_E2E_APP");
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (/^\d+ \(.*\) Z/.test(stat)) return false;
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] === binary;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Starts the app as a person would, on `dataHome`, and waits for it to exit. */
function launchAgain(dataHome: string): Promise<number | null> {
  const child = spawn(required("HALODESK_E2E_APP"), [], {
    env: { ...process.env, XDG_DATA_HOME: dataHome },
    stdio: "ignore",
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the second launch did not exit within 30 s"));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("a second launch", () => {
  const spec = connectedSpec("single-instance");

  it("brings the running window forward and exits, leaving one outbox worker", async () => {
    const ticket = spec.open[0]!;
    await openTicket(spec.app, ticket);
    const first = await spec.home.pid();
    expect(appProcesses()).toEqual([first]);

    // A note in flight while the second copy starts: a second outbox would find it `sending`,
    // mark it unknown and send it again.
    const note = `Replaced the dock's power supply (${run})`;
    await spec.sim.faults({ latency_ms: 3_000, routes: ["POST /api/Actions"] });
    const sent = invoke(spec.app, "action_add", {
      request: {
        ticketId: ticket.id,
        kind: "internalNote",
        note,
        emailUser: false,
        minutes: 0,
        billable: false,
        fromTimer: false,
        draftKey: null,
      },
    });
    await spec.app.waitUntil(
      async () => (await outbox(spec.app)).items.some((item) => item.state === "sending"),
      { timeout: 10_000, timeoutMsg: "the note never went out" },
    );
    // Out of the way, as a window behind others would be.
    await spec.app.minimizeWindow().catch(() => undefined);

    expect(await launchAgain(spec.home.dataHome)).toBe(0);
    expect(appProcesses(), "the second process exited, the first runs on").toEqual([first]);
    await spec.app.waitUntil(
      async () =>
        spec.app.execute(() => document.visibilityState === "visible" && document.hasFocus()),
      { timeout: 10_000, timeoutMsg: "the running window did not come forward" },
    );

    await sent;
    await spec.sim.faults({});
    await waitForOutboxDrained(spec.app);
    const copies = (await spec.sim.actions(ticket.id)).filter((a) => a.note === note);
    expect(copies, "the note reached HaloPSA once").toHaveLength(1);
    expect(await spec.sim.requests("POST /api/Actions"), "and was sent once").toBe(1);
    await screenshot(spec.app, import.meta.url);
  });
});
