/**
 * A 200 MB file dropped on a ticket in the real window and uploaded to the simulator over
 * HTTP. First as fast as loopback allows: the throughput, and how much the app's processes
 * grow in memory while the file streams. Then over a simulated 100 Mbit/s uplink, so the upload
 * lasts as long as it would for a technician (about 17 s), while a keystroke is typed every
 * 100 ms: how long each takes to reach the screen. Prints figures and the goals; never fails
 * on a timing.
 */
import { mkdtemp, open as openFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { dragFiles, screenPointOf } from "../support/drag";
import { SimProcess, type SimTicket } from "../support/sim";
import { byTestId, connectedApp, openTicket } from "../support/ui";
import {
  cpuSeconds,
  cpuUsed,
  growthByName,
  processTree,
  residentByName,
  sampleResident,
} from "./processes";
import { mib, ms, percentile } from "./stats";

const FILE_BYTES = 200 * 1024 * 1024;
/** Uploads as fast as loopback allows, for the throughput and the memory growth. */
const FAST_RUNS = 3;
/** Uploads over a 100 Mbit/s uplink, typed over, for the keystroke latency. */
const UPLINK_RUNS = 2;
const UPLINK_BYTES_PER_SEC = 12_500_000;
/** A fast typist: ten keys a second. */
const KEY_INTERVAL_MS = 100;
const IDLE_KEYSTROKES = 100;
/** Goals from the issue: memory growth under 32 MB, keystroke to screen p95 under 50 ms. */
const RSS_GOAL = 32 * 1024 * 1024;
const LATENCY_GOAL_MS = 50;

/** A file of `size` bytes written in 8 MiB blocks (never whole in memory). */
async function makeFile(path: string, size: number): Promise<void> {
  const file = await openFile(path, "w");
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) % 251;
  for (let written = 0; written < size; written += block.length) {
    await file.write(block, 0, Math.min(block.length, size - written));
  }
  await file.close();
}

interface PageRecords {
  /** From each keydown's event time to the frame painted after it was handled. */
  keyLatencies: number[];
  /** When the upload panel gained a row, and when a row turned done (page clock). */
  rowAdded: number[];
  rowDone: number[];
}

/**
 * Records, in the page's own clock: what a technician typing during the upload waits to see
 * each letter, and when upload rows appear and finish (so an upload's time excludes the drag).
 */
async function recordInPage(app: App): Promise<void> {
  await app.execute(() => {
    const page = window as unknown as { records?: PageRecords };
    if (page.records) return;
    const records: PageRecords = { keyLatencies: [], rowAdded: [], rowDone: [] };
    page.records = records;
    document.addEventListener(
      "keydown",
      (event) => {
        const at = event.timeStamp;
        requestAnimationFrame(() => records.keyLatencies.push(performance.now() - at));
      },
      true,
    );
    const count = (selector: string) => document.querySelectorAll(selector).length;
    let rows = count('[data-testid="upload-item"]');
    let done = count('[data-testid="upload-item"][data-state="done"]');
    new MutationObserver(() => {
      const nowRows = count('[data-testid="upload-item"]');
      const nowDone = count('[data-testid="upload-item"][data-state="done"]');
      if (nowRows > rows) records.rowAdded.push(performance.now());
      if (nowDone > done) records.rowDone.push(performance.now());
      [rows, done] = [nowRows, nowDone];
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

async function takeRecords(app: App): Promise<PageRecords> {
  return app.execute(() => {
    const { records } = window as unknown as { records: PageRecords };
    const taken = { ...records };
    records.keyLatencies = [];
    records.rowAdded = [];
    records.rowDone = [];
    return taken;
  });
}

/** Types into the focused field at a typist's pace until `done` says stop. */
async function typeUntil(app: App, done: () => Promise<boolean>): Promise<number> {
  const text = "Screenshot attached: the VPN client drops after the token refresh. ";
  for (let typed = 0; ; typed++) {
    const next = performance.now() + KEY_INTERVAL_MS;
    await app.keys(text[typed % text.length]!);
    if (await done()) return typed + 1;
    await app.pause(Math.max(0, next - performance.now()));
  }
}

interface Measured {
  seconds: number;
  growth: number;
  latencies: number[];
}

describe("a 200 MB upload through the app", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let ticket: SimTicket;
  let scratch: string;
  let file: string;
  let uploads = 0;

  beforeAll(async () => {
    sim = await SimProcess.start({ tickets: 50 });
    ticket = (await sim.openTickets())[0]!;
    ({ home, app } = await connectedApp(sim, "upload-bench"));
    scratch = await mkdtemp(join(tmpdir(), "halodesk-upload-bench-"));
    file = join(scratch, "memory-dump.bin");
    await makeFile(file, FILE_BYTES);
    console.log(
      `\nHalodesk upload benchmark (${process.env.HALODESK_BENCH_PROFILE ?? "release"} build): ` +
        `${mib(FILE_BYTES)} dropped on ticket ${ticket.id}, multipart to the simulator`,
    );
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** Drops the file on the open ticket and types into the composer until it has landed. */
  async function measureUpload(label: string): Promise<Measured> {
    const pid = await home.pid();
    const composer = byTestId(app, "composer-note");
    const target = await screenPointOf(app, await byTestId(app, "ticket-view").getElement());
    await app.pause(1_000);
    await takeRecords(app);
    const baseline = residentByName(processTree(pid));
    const watched = () => [...processTree(pid), sim.pid];
    const cpuBefore = cpuSeconds(watched());
    const sampler = sampleResident(pid);
    await dragFiles([file], target);
    uploads++;
    await composer.click();
    const done = () => app.$$('[data-testid="upload-item"][data-state="done"]').length;
    const typed = await typeUntil(app, async () => (await done()) >= uploads);
    const peak = sampler.stop();
    const cpu = cpuUsed(cpuBefore, cpuSeconds(watched()));
    const records = await takeRecords(app);
    await composer.clearValue();
    const seconds = ((records.rowDone.at(-1) ?? 0) - (records.rowAdded[0] ?? 0)) / 1000;
    const latencies = records.keyLatencies.sort((a, b) => a - b);
    const before = [...baseline.values()].reduce((a, b) => a + b, 0);
    console.log(
      [
        `\n${label}`,
        `  queued to landed: ${seconds.toFixed(2)} s, ${mib(FILE_BYTES / seconds)}/s`,
        `  app processes' resident memory: ${mib(before)} before, growth at the peak ` +
          `${mib(peak.total - before)} (${growthByName(baseline, peak.byName)})`,
        latencies.length === 0
          ? `  ${typed} keystrokes, none painted before it landed`
          : `  ${typed} keystrokes, keydown to next frame: p50 ${ms(percentile(latencies, 50))}, ` +
            `p95 ${ms(percentile(latencies, 95))}, max ${ms(latencies.at(-1)!)}`,
        `  CPU time meanwhile: ${cpu}`,
      ].join("\n"),
    );
    return { seconds, growth: peak.total - before, latencies };
  }

  it("prints the throughput, the memory growth and the keystroke latency", async () => {
    await openTicket(app, ticket);
    await recordInPage(app);
    await byTestId(app, "composer-note").click();
    // The ticket's timeline and frames finish rendering before the idle baseline.
    await app.pause(2_000);
    await takeRecords(app);
    const pid = await home.pid();
    const idleCpu = cpuSeconds(processTree(pid));
    let typed = 0;
    await typeUntil(app, async () => ++typed >= IDLE_KEYSTROKES);
    const idle = (await takeRecords(app)).keyLatencies.sort((a, b) => a - b);
    await byTestId(app, "composer-note").clearValue();
    console.log(
      `no upload: ${idle.length} keystrokes, keydown to next frame p50 ${ms(percentile(idle, 50))}, ` +
        `p95 ${ms(percentile(idle, 95))}; CPU ${cpuUsed(idleCpu, cpuSeconds(processTree(pid)))}`,
    );
    const fast: Measured[] = [];
    for (let run = 1; run <= FAST_RUNS; run++) {
      fast.push(await measureUpload(`as fast as loopback allows, run ${run} of ${FAST_RUNS}`));
      if (run === 1) await screenshot(app, import.meta.url, "uploaded");
    }

    await sim.faults({
      upload_bytes_per_sec: UPLINK_BYTES_PER_SEC,
      routes: ["POST /api/Attachment/image"],
    });
    const uplink: Measured[] = [];
    for (let run = 1; run <= UPLINK_RUNS; run++) {
      uplink.push(await measureUpload(`over a 100 Mbit/s uplink, run ${run} of ${UPLINK_RUNS}`));
    }
    await sim.faults({});

    const landed = (await sim.attachments(ticket.id)).filter(
      (a) => a.filename === "memory-dump.bin" && a.filesize === FILE_BYTES,
    );
    const typedOver = uplink.flatMap((m) => m.latencies).sort((a, b) => a - b);
    const growth = Math.max(...[...fast, ...uplink].map((m) => m.growth));
    const p95 = percentile(typedOver, 95);
    console.log(
      [
        `\nover ${uploads} uploads (${landed.length} landed whole on the ticket):`,
        `  throughput on loopback: ${fast.map((m) => `${mib(FILE_BYTES / m.seconds)}/s`).join(", ")}`,
        `  peak memory growth: ${mib(growth)} (goal under ${mib(RSS_GOAL)}: ` +
          `${(growth / RSS_GOAL).toFixed(2)}× the goal)`,
        `  keystroke to screen while uploading over the uplink: ${typedOver.length} keystrokes, ` +
          `p95 ${ms(p95)} (goal under ${LATENCY_GOAL_MS} ms: ${(p95 / LATENCY_GOAL_MS).toFixed(2)}× the goal)`,
      ].join("\n"),
    );
  });
});
