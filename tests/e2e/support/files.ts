/** Scans the app's data dir for a string: a secret must never reach a file. */
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

export interface Scan {
  /** Files scanned, relative to the dir (so a spec can check the database was among them). */
  scanned: string[];
  /** Files holding the needle as UTF-8 or UTF-16 bytes. */
  containing: string[];
}

/** Reads every file under `dir` as bytes and reports those that contain `needle`. */
export async function scanFor(dir: string, needle: string): Promise<Scan> {
  const patterns = [Buffer.from(needle, "utf8"), Buffer.from(needle, "utf16le")];
  const scanned: string[] = [];
  const containing: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) continue; // gone between the listing and the read (a -shm file, a lock)
    const name = relative(dir, file);
    scanned.push(name);
    if (patterns.some((p) => bytes.includes(p))) containing.push(name);
  }
  return { scanned, containing };
}
