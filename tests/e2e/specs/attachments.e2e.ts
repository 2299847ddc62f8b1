import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { type App, screenshot } from "../support/app";
import { dragFiles, screenPointOf } from "../support/drag";
import { connectedSpec } from "../support/spec";
import { byTestId, openTicket, search, showAllOpen } from "../support/ui";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A file of `size` bytes that no other test writes. */
async function makeFile(dir: string, name: string, size: number): Promise<string> {
  const path = join(dir, name);
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7) % 251;
  await writeFile(path, data);
  return path;
}

/** The upload row of a file in the open ticket's panel. */
function uploadRow(app: App, filename: string) {
  return byTestId(app, "upload-item", `[data-filename="${filename}"]`);
}

/**
 * Waits until the file's upload is done, and returns the bar's readings seen on the way (the
 * percentages it showed, in order).
 */
async function watchBar(app: App, filename: string, timeout = 90_000): Promise<number[]> {
  const seen: number[] = [];
  const row = uploadRow(app, filename);
  await row.waitForExist({ timeout: 15_000 });
  await app.waitUntil(
    async () => {
      const percent = Number(
        await row.$('[data-testid="upload-progress"]').getAttribute("aria-valuenow"),
      );
      if (seen.at(-1) !== percent) seen.push(percent);
      const state = await row.getAttribute("data-state");
      if (state === "failed") {
        throw new Error(`${filename} failed: ${await row.getText()}`);
      }
      return state === "done";
    },
    { timeout, interval: 50, timeoutMsg: `${filename} never finished uploading` },
  );
  return seen;
}

/** Scrolls the ticket to its uploads, with the attachment list below them. */
async function showUploads(app: App): Promise<void> {
  await byTestId(app, "upload-panel").scrollIntoView({ block: "start" });
}

/** Waits until the ticket's attachment list shows the file. */
async function listed(app: App, filename: string) {
  const item = byTestId(app, "attachment-item", `[data-filename="${filename}"]`);
  await item.waitForDisplayed({ timeout: 30_000 });
  return item;
}

describe("attachments", () => {
  const spec = connectedSpec("attachments");
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "halodesk-attach-"));
  });

  it("attaches a file dropped on the open ticket once its bar reaches 100%", async () => {
    const ticket = spec.open[0]!;
    await openTicket(spec.app, ticket);
    const file = await makeFile(scratch, "vpn-client.log", 24 * 1024 * 1024);
    // A slow answer holds the bar part-way (the connection's buffers fill, then wait), so the
    // picture shows it moving.
    await spec.sim.faults({ latency_ms: 6_000, routes: ["POST /api/Attachment/image"] });

    await dragFiles(
      [file],
      await screenPointOf(spec.app, await byTestId(spec.app, "ticket-view").getElement()),
    );
    const row = uploadRow(spec.app, "vpn-client.log");
    await row.waitForExist({ timeout: 15_000 });
    const bar = row.$('[data-testid="upload-progress"]');
    let partway = 0;
    await spec.app.waitUntil(
      async () => {
        partway = Number(await bar.getAttribute("aria-valuenow"));
        return partway > 0 && partway < 100;
      },
      { timeout: 15_000, interval: 50, timeoutMsg: "the bar never showed part of the file sent" },
    );
    await showUploads(spec.app);
    await screenshot(spec.app, import.meta.url, "uploading");
    const readings = await watchBar(spec.app, "vpn-client.log");
    await spec.sim.faults({});

    expect(readings.at(-1)).toBe(100);
    expect(partway).toBeGreaterThan(0);
    await listed(spec.app, "vpn-client.log");
    await showUploads(spec.app);
    const onTicket = (await spec.sim.attachments(ticket.id)).filter(
      (a) => a.filename === "vpn-client.log",
    );
    expect(onTicket.map((a) => a.filesize)).toEqual([24 * 1024 * 1024]);
    await screenshot(spec.app, import.meta.url, "dropped");
  });

  it("attaches a pasted screenshot as a PNG", async () => {
    const ticket = spec.open[1]!;
    await openTicket(spec.app, ticket);
    // A real screenshot (of the app itself) on the X clipboard, as a screenshot tool leaves it.
    const shot = Buffer.from(await spec.app.takeScreenshot(), "base64");
    const shotPath = join(scratch, "clipboard.png");
    await writeFile(shotPath, shot);
    const owner = spawn("xclip", ["-selection", "clipboard", "-t", "image/png", "-i", shotPath], {
      stdio: "ignore",
    });
    await spec.app.waitUntil(async () => await clipboardOffersPng(), {
      timeout: 10_000,
      timeoutMsg: "xclip never offered the image",
    });
    try {
      await byTestId(spec.app, "ticket-summary").click();
      await spec.app.keys(["Control", "v"]);
      const row = byTestId(spec.app, "upload-item", '[data-filename^="Screenshot "]');
      await row.waitForExist({ timeout: 15_000 });
      const filename = String(await row.getAttribute("data-filename"));
      expect(filename).toMatch(/^Screenshot \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png$/);
      await watchBar(spec.app, filename);
      await listed(spec.app, filename);
      await showUploads(spec.app);
      await screenshot(spec.app, import.meta.url, "pasted");

      const attachment = (await spec.sim.attachments(ticket.id)).find(
        (a) => a.filename === filename,
      )!;
      expect(attachment.isimage).toBe(true);
      const bytes = await spec.sim.attachmentBytes(attachment.id);
      expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      // The same picture: the PNG header's width and height are the screenshot's.
      expect(bytes.subarray(16, 24)).toEqual(shot.subarray(16, 24));
    } finally {
      owner.kill();
    }
  });

  it("lands an upload once when a fault loses HaloPSA's answer", async () => {
    const [shown, target] = [spec.open[2]!, spec.open[3]!];
    await openTicket(spec.app, shown);
    const file = await makeFile(scratch, "switch-config.txt", 3 * 1024 * 1024);
    const sentBefore = await spec.sim.requests("POST /api/Attachment/image");
    await spec.sim.faults({ drop_after_rate: 1, routes: ["POST /api/Attachment/image"] });

    // Onto another ticket's row in the queue, not the open one.
    await search(spec.app, `#${target.id} ${target.summary}`);
    const row = byTestId(spec.app, "queue-row", `[data-ticket-id="${target.id}"]`);
    await row.waitForDisplayed({ timeout: 15_000 });
    await dragFiles([file], await screenPointOf(spec.app, await row.getElement()));
    await row.click();
    await spec.app.waitUntil(async () =>
      (await byTestId(spec.app, "ticket-summary").getText()).includes(target.summary),
    );
    const upload = uploadRow(spec.app, "switch-config.txt");
    await spec.app.waitUntil(async () => (await upload.getAttribute("data-state")) === "checking", {
      timeout: 30_000,
      timeoutMsg: "the lost answer was never noticed",
    });
    await showUploads(spec.app);
    await screenshot(spec.app, import.meta.url, "checking");
    await watchBar(spec.app, "switch-config.txt");
    await spec.sim.faults({});

    await listed(spec.app, "switch-config.txt");
    await showUploads(spec.app);
    const copies = (await spec.sim.attachments(target.id)).filter(
      (a) => a.filename === "switch-config.txt",
    );
    expect(copies).toHaveLength(1);
    // Sent once: the look on the ticket found it, so it was never sent again.
    expect(await spec.sim.requests("POST /api/Attachment/image")).toBe(sentBefore + 1);
    expect(
      (await spec.sim.attachments(shown.id)).some((a) => a.filename === "switch-config.txt"),
    ).toBe(false);
    await screenshot(spec.app, import.meta.url, "landed-once");
  });

  it("resumes an upload cut off by a kill and lands it once", async () => {
    const ticket = spec.open[4]!;
    await openTicket(spec.app, ticket);
    const file = await makeFile(scratch, "event-log.evtx", 24 * 1024 * 1024);
    await spec.sim.faults({ latency_ms: 3_000, routes: ["POST /api/Attachment/image"] });
    await dragFiles(
      [file],
      await screenPointOf(spec.app, await byTestId(spec.app, "ticket-view").getElement()),
    );
    const row = uploadRow(spec.app, "event-log.evtx");
    await spec.app.waitUntil(async () => (await row.getAttribute("data-state")) === "sending", {
      timeout: 15_000,
    });
    await spec.home.kill(spec.app);
    await spec.sim.faults({});

    spec.app = await spec.home.launch();
    await showAllOpen(spec.app);
    await openTicket(spec.app, ticket);
    await watchBar(spec.app, "event-log.evtx");
    await listed(spec.app, "event-log.evtx");
    await showUploads(spec.app);
    const copies = (await spec.sim.attachments(ticket.id)).filter(
      (a) => a.filename === "event-log.evtx",
    );
    expect(copies.map((a) => a.filesize)).toEqual([24 * 1024 * 1024]);
    await screenshot(spec.app, import.meta.url, "resumed");
    expect(await readFile(file)).toHaveLength(24 * 1024 * 1024);
  });
});

/** Whether the X clipboard offers a PNG (xclip has taken ownership). */
async function clipboardOffersPng(): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)("xclip", [
      "-selection",
      "clipboard",
      "-t",
      "TARGETS",
      "-o",
    ]);
    return stdout.includes("image/png");
  } catch {
    return false;
  }
}
