/**
 * A 200 MB file dropped on a ticket in the real window, uploaded to the simulator over HTTP:
 * the throughput, how much the app's processes (the Rust shell and WebKit's web and network
 * processes) grow in memory while it streams, and how long a keystroke takes to reach the
 * screen meanwhile. Prints figures and the goals; never fails on a timing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, open as openFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type App, type AppHome, screenshot } from "../support/app";
import { dragFiles, screenPointOf } from "../support/drag";
import { SimProcess, type SimTicket } from "../support/sim";
import { byTestId, connectedApp, openTicket } from "../support/ui";
import { mib, ms, percentile } from "./stats";

const FILE_BYTES = 200 * 1024 * 1024;
const RUNS = 5;
/** Goals from the issue: memory growth under 32 MB, keystroke to screen p95 under 50 ms. */
const RSS_GOAL = 32 * 1024 * 1024;
const LATENCY_GOAL_MS = 50;
/** Keystrokes typed before any upload, for comparison. */
const IDLE_KEYSTROKES = 60;

/** The process and every process below it (WebKit's web and network processes). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent is the 4th field, after the name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Resident memory of the processes, summed, in bytes. */
function residentBytes(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      // A process that ended holds nothing.
    }
  }
  return total;
}

/** CPU time (user + system) each process has used so far, in seconds, by process name. */
function cpuSeconds(pids: number[]): Map<string, number> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const used = new Map<string, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat; here, after the name, 12 and 13.
      const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
      used.set(name, (used.get(name) ?? 0) + seconds);
    } catch {
      // Gone.
    }
  }
  return used;
}

/** What each process used between two readings, as "name 1.23 s". */
function cpuUsed(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0.005)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(2)} s`)
    .join(", ");
}

/** Resident memory of each process, by process name, in bytes. */
function residentByName(pids: number[]): Map<string, number> {
  const by = new Map<string, number>();
  for (const pid of pids) {
    try {
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      by.set(name, (by.get(name) ?? 0) + residentBytes([pid]));
    } catch {
      // Gone.
    }
  }
  return by;
}

interface Peak {
  total: number;
  /** Each process at the moment the total peaked. */
  byName: Map<string, number>;
}

/** Samples the tree's resident memory every 20 ms until stopped; answers the peak. */
function sampleResident(root: number): { stop: () => Peak } {
  let pids = processTree(root);
  let peak: Peak = { total: residentBytes(pids), byName: residentByName(pids) };
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 25 === 0) pids = processTree(root);
    const total = residentBytes(pids);
    if (total > peak.total) peak = { total, byName: residentByName(pids) };
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** How each process grew from `before` to the peak, as "name +1.2 MiB". */
function growthByName(before: Map<string, number>, peak: Map<string, number>): string {
  return [...peak]
    .map(
      ([name, bytes]) =>
        `${name} ${bytes >= (before.get(name) ?? 0) ? "+" : ""}${mib(bytes - (before.get(name) ?? 0))}`,
    )
    .join(", ");
}

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

/**
 * From each keydown's event time to the frame painted after it was handled, in the page's own
 * clock: what a technician typing a note during the upload waits to see each letter.
 */
async function recordKeystrokes(app: App): Promise<void> {
  await app.execute(() => {
    const page = window as unknown as { keyLatencies?: number[] };
    if (page.keyLatencies) return;
    page.keyLatencies = [];
    document.addEventListener(
      "keydown",
      (event) => {
        const at = event.timeStamp;
        requestAnimationFrame(() => page.keyLatencies!.push(performance.now() - at));
      },
      true,
    );
  });
}

async function takeLatencies(app: App): Promise<number[]> {
  return app.execute(() => {
    const page = window as unknown as { keyLatencies: number[] };
    return page.keyLatencies.splice(0);
  });
}

/** Types into the composer, one key at a time, until `done` says stop. */
async function typeUntil(app: App, done: () => Promise<boolean>): Promise<number> {
  const text = "Screenshot attached: the VPN client drops after the token refresh. ";
  let typed = 0;
  for (;;) {
    await app.keys(text[typed % text.length]!);
    typed++;
    if (typed % 5 === 0 && (await done())) return typed;
  }
}

describe("a 200 MB upload through the app", () => {
  let sim: SimProcess;
  let home: AppHome;
  let app: App;
  let ticket: SimTicket;
  let scratch: string;
  let file: string;

  beforeAll(async () => {
    sim = await SimProcess.start({ tickets: 50 });
    ticket = (await sim.openTickets())[0]!;
    ({ home, app } = await connectedApp(sim, "upload-bench"));
    scratch = await mkdtemp(join(tmpdir(), "halodesk-upload-bench-"));
    file = join(scratch, "memory-dump.bin");
    await makeFile(file, FILE_BYTES);
    console.log(
      `\nHalodesk upload benchmark (${process.env.HALODESK_BENCH_PROFILE ?? "release"} build): ` +
        `${mib(FILE_BYTES)} dropped on ticket ${ticket.id}, multipart to the simulator on loopback`,
    );
  });

  afterAll(async () => {
    if (app) await home.quit(app);
    await sim?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("prints the throughput, the memory growth and the keystroke latency", async () => {
    await openTicket(app, ticket);
    await recordKeystrokes(app);
    const composer = byTestId(app, "composer-note");
    await composer.click();
    // Let the ticket's timeline and frames finish rendering before the idle baseline.
    await app.pause(2_000);
    const pid = await home.pid();
    const idleCpu = cpuSeconds(processTree(pid));
    for (let i = 0; i < IDLE_KEYSTROKES; i++) await app.keys("x");
    await app.pause(300);
    const idle = (await takeLatencies(app)).sort((a, b) => a - b);
    const idleCpuUsed = cpuUsed(idleCpu, cpuSeconds(processTree(pid)));
    await composer.clearValue();
    console.log(
      `idle, no upload: ${idle.length} keystrokes, keydown to next frame ` +
        `p50 ${ms(percentile(idle, 50))}, p95 ${ms(percentile(idle, 95))}; CPU ${idleCpuUsed}`,
    );

    const all: number[] = [];
    const growths: number[] = [];
    const rates: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const target = await screenPointOf(app, await byTestId(app, "ticket-view").getElement());
      await app.pause(1_000);
      const baseline = residentBytes(processTree(pid));
      const baselineByName = residentByName(processTree(pid));
      const watched = () => [...processTree(pid), sim.pid];
      const cpuBefore = cpuSeconds(watched());
      const sampler = sampleResident(pid);
      const started = performance.now();
      await dragFiles([file], target);
      await composer.click();
      const rows = () => app.$$('[data-testid="upload-item"][data-state="done"]').length;
      const typed = await typeUntil(app, async () => (await rows()) >= run);
      const seconds = (performance.now() - started) / 1000;
      const { total: peak, byName: peakByName } = sampler.stop();
      const cpu = cpuUsed(cpuBefore, cpuSeconds(watched()));
      const latencies = (await takeLatencies(app)).sort((a, b) => a - b);
      all.push(...latencies);
      // A run whose keystrokes all went elsewhere (focus lost to the drag) has no figures.
      if (latencies.length === 0) console.log(`run ${run}: no keystroke reached the page`);
      growths.push(peak - baseline);
      rates.push(FILE_BYTES / seconds);
      if (run === 1) await screenshot(app, import.meta.url, "uploaded");
      await composer.clearValue();
      console.log(
        [
          `\nrun ${run} of ${RUNS}`,
          `  drop to done: ${seconds.toFixed(2)} s, ${mib(FILE_BYTES / seconds)}/s`,
          `  app processes' resident memory: ${mib(baseline)} before, peak ${mib(peak)}, ` +
            `growth ${mib(peak - baseline)} (${growthByName(baselineByName, peakByName)})`,
          `  ${typed} keystrokes during the upload, keydown to next frame: ` +
            `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, ` +
            `max ${ms(latencies.at(-1) ?? Number.NaN)}`,
          `  CPU time meanwhile: ${cpu}`,
        ].join("\n"),
      );
    }
    all.sort((a, b) => a - b);
    const landed = (await sim.attachments(ticket.id)).filter(
      (a) => a.filename === "memory-dump.bin" && a.filesize === FILE_BYTES,
    );
    const p95 = percentile(all, 95);
    const growth = Math.max(...growths);
    console.log(
      [
        `\nover ${RUNS} uploads (${landed.length} landed whole on the ticket):`,
        `  throughput: ${rates.map((r) => `${mib(r)}/s`).join(", ")}`,
        `  peak memory growth: ${mib(growth)} (goal under ${mib(RSS_GOAL)}: ` +
          `${(growth / RSS_GOAL).toFixed(2)}× the goal)`,
        `  keystroke to screen during uploads: ${all.length} keystrokes, p95 ${ms(p95)} ` +
          `(goal under ${LATENCY_GOAL_MS} ms: ${(p95 / LATENCY_GOAL_MS).toFixed(2)}× the goal; ` +
          `idle p95 ${ms(percentile(idle, 95))})`,
      ].join("\n"),
    );
  });
});
