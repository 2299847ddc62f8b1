/**
 * What the app left in the Secret Service, read with `secret-tool` on the session's private bus
 * (gnome-keyring, started by session.sh).
 */
import { spawnSync } from "node:child_process";
import { APP_IDENTIFIER } from "./app";

/** The app's keyring items: their secrets, and the attribute lines that name them. */
export interface KeyringContents {
  secrets: string[];
  /** `attribute.<name> = <value>` lines of every item, e.g. `attribute.username = profile-1/...`. */
  attributes: string[];
}

function secretTool(args: string[], input?: string): { stdout: string; stderr: string } {
  const run = spawnSync("secret-tool", args, { encoding: "utf8", input, timeout: 10_000 });
  if (run.error) {
    throw new Error(`secret-tool could not run (install libsecret-tools): ${run.error.message}`);
  }
  return { stdout: run.stdout, stderr: run.stderr };
}

/**
 * Every item stored under the app's service. `secret-tool search` prints the secrets on stdout
 * and the attributes on stderr, so the two come back as lists of their own.
 */
export function keyringContents(service = APP_IDENTIFIER): KeyringContents {
  const { stdout, stderr } = secretTool(["search", "--all", "--unlock", "service", service]);
  const secrets = stdout
    .split("\n")
    .filter((line) => line.startsWith("secret = "))
    .map((line) => line.slice("secret = ".length));
  const attributes = stderr.split("\n").filter((line) => line.startsWith("attribute."));
  return { secrets, attributes };
}

/** The secret of one entry, e.g. `profile-1/refresh-token`, if there is one. */
export function keyringSecret(username: string, service = APP_IDENTIFIER): string | undefined {
  const { stdout } = secretTool(["lookup", "service", service, "username", username]);
  return stdout === "" ? undefined : stdout.replace(/\n$/, "");
}

/** Removes every item of the app's service: a spec starts without an earlier spec's entries. */
export function clearKeyring(service = APP_IDENTIFIER): void {
  secretTool(["clear", "service", service]);
}
