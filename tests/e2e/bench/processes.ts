/**
 * What the app's processes use, read from /proc (Linux): the process tree under the app (the
 * Rust shell and WebKit's web and network processes), its resident memory and CPU time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mib } from "./stats";

/** The process and every process below it (WebKit's web and network processes). */
export function processTree(root: number): number[] {
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
export function residentBytes(pids: number[]): number {
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
export function cpuSeconds(pids: number[]): Map<string, number> {
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
export function cpuUsed(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0.005)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(2)} s`)
    .join(", ");
}

/** Resident memory of each process, by process name, in bytes. */
export function residentByName(pids: number[]): Map<string, number> {
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

export interface Peak {
  total: number;
  /** Each process at the moment the total peaked. */
  byName: Map<string, number>;
}

/** Samples the tree's resident memory every 20 ms until stopped; answers the peak. */
export function sampleResident(root: number): { stop: () => Peak } {
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
export function growthByName(before: Map<string, number>, peak: Map<string, number>): string {
  return [...peak]
    .map(
      ([name, bytes]) =>
        `${name} ${bytes >= (before.get(name) ?? 0) ? "+" : ""}${mib(bytes - (before.get(name) ?? 0))}`,
    )
    .join(", ");
}
