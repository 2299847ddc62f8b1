/**
 * An external HaloPSA simulator for a spec: `target/debug/halopsa-sim` on a free loopback port,
 * and a small client for its API, so a spec can compare what the app shows with the instance's
 * own data, add tickets behind the app's back, or pull the plug.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { required } from "./app";

export interface SimOptions {
  tickets?: number;
  seed?: number;
  clientId?: string;
  /** A long random one by default, so a leak of it is unmistakable. */
  clientSecret?: string;
  /** Requests per rolling 5 minutes; off (0) by default, so specs never wait on it. */
  rateLimit?: number;
  /** A free one by default; a restarted instance takes its old port back. */
  port?: number;
}

/** `/_sim/faults`: what the simulator breaks on purpose, and on which routes. */
export interface FaultPlan {
  latency_ms?: number;
  error_rate?: number;
  error_status?: number;
  drop_rate?: number;
  /** Carries the request out, then drops the connection before the answer. */
  drop_after_rate?: number;
  force_429?: number;
  /** Multipart uploads are read no faster than this (a real uplink); 0 is unlimited. */
  upload_bytes_per_sec?: number;
  routes?: string[];
}

/** One row of `GET /api/Actions`, the fields the specs read. */
export interface SimAction {
  id: number;
  note: string;
  outcome: string;
  timetaken: number;
}

/** One row of `GET /api/Tickets`, the fields the specs read. */
export interface SimTicket {
  id: number;
  summary: string;
  client_id: number;
  client_name: string;
  status_id: number;
  status_name: string;
  priority_id: number;
  agent_name: string;
  attachment_count: number;
}

/** One row of `GET /api/Attachment`, the fields the specs read. */
export interface SimAttachment {
  id: number;
  filename: string;
  filesize: number;
  isimage: boolean;
}

export interface SimPriority {
  priorityid: number;
  name: string;
}

/** A simulator process the spec owns; `stop()` it in `afterAll`. */
export class SimProcess {
  private accessToken: string | undefined;

  private constructor(
    private readonly child: ChildProcessByStdio<null, Readable, Readable>,
    /** The instance root the app connects to, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly options: SimOptions,
  ) {}

  static async start(options: SimOptions = {}): Promise<SimProcess> {
    const clientId = options.clientId ?? "demo";
    const clientSecret = options.clientSecret ?? randomSecret();
    const args = [
      `--port=${options.port ?? 0}`,
      `--tickets=${options.tickets ?? 500}`,
      `--seed=${options.seed ?? 1}`,
      `--client-id=${clientId}`,
      `--client-secret=${clientSecret}`,
      `--rate-limit=${options.rateLimit ?? 0}`,
    ];
    const child = spawn(required("HALODESK_E2E_SIM"), args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", RUST_LOG: "info" },
    });
    const url = await listeningUrl(child);
    return new SimProcess(child, url, clientId, clientSecret, {
      ...options,
      clientId,
      clientSecret,
    });
  }

  /** The same instance started again on its old port, as a server back from an outage. */
  async restarted(): Promise<SimProcess> {
    await this.stop();
    return SimProcess.start({ ...this.options, port: Number(new URL(this.url).port) });
  }

  /** Replaces the fault plan; `{}` clears it. */
  async faults(plan: FaultPlan): Promise<void> {
    const response = await fetch(`${this.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(plan),
    });
    if (!response.ok) throw new Error(`POST /_sim/faults: ${response.status}`);
  }

  /** Every action on a ticket. */
  async actions(ticketId: number): Promise<SimAction[]> {
    const list = await this.get<{ actions: SimAction[] }>(`Actions?ticket_id=${ticketId}`);
    return list.actions;
  }

  /** The simulator's process ID. */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Every attachment of a ticket. */
  async attachments(ticketId: number): Promise<SimAttachment[]> {
    const list = await this.get<{ attachments: SimAttachment[] }>(
      `Attachment?ticket_id=${ticketId}`,
    );
    return list.attachments;
  }

  /** An attachment's bytes, as a download gets them. */
  async attachmentBytes(id: number): Promise<Buffer> {
    const response = await fetch(`${this.url}/api/Attachment/${id}`, {
      headers: { authorization: `Bearer ${await this.token()}` },
    });
    if (!response.ok) throw new Error(`GET /api/Attachment/${id}: ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** How many requests a route (`POST /api/Attachment/image`) has had. */
  async requests(route: string): Promise<number> {
    const stats = (await (await fetch(`${this.url}/_sim/stats`)).json()) as {
      by_route: Record<string, number>;
    };
    return stats.by_route[route] ?? 0;
  }

  /** An access token from the client-credentials grant, fetched once. */
  async token(): Promise<string> {
    if (this.accessToken) return this.accessToken;
    const response = await fetch(`${this.url}/auth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.clientId,
        client_secret: this.clientSecret,
        scope: "all",
      }),
    });
    if (!response.ok) throw new Error(`the simulator refused a token: ${response.status}`);
    const body = (await response.json()) as { access_token: string };
    this.accessToken = body.access_token;
    return body.access_token;
  }

  /** `GET /api/<path>` with a token. */
  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}/api/${path}`, {
      headers: { authorization: `Bearer ${await this.token()}` },
    });
    if (!response.ok) throw new Error(`GET /api/${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  /** `POST /api/<path>` with a token and a JSON body. */
  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.url}/api/${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await this.token()}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`POST /api/${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  /** Every open ticket, as the list endpoint pages them. */
  async openTickets(): Promise<SimTicket[]> {
    const rows: SimTicket[] = [];
    for (let page = 1; ; page++) {
      const list = await this.get<{ record_count: number; tickets: SimTicket[] }>(
        `Tickets?open_only=true&pageinate=true&page_size=100&page_no=${page}`,
      );
      rows.push(...list.tickets);
      if (list.tickets.length === 0 || rows.length >= list.record_count) return rows;
    }
  }

  /** How many open tickets the instance has. */
  async openCount(): Promise<number> {
    const list = await this.get<{ record_count: number }>(
      "Tickets?open_only=true&pageinate=true&page_size=1",
    );
    return list.record_count;
  }

  /** Priority names by ID (every SLA names a priority the same way). */
  async priorityNames(): Promise<Map<number, string>> {
    const policies = await this.get<SimPriority[]>("Priority");
    return new Map(policies.map((p) => [p.priorityid, p.name]));
  }

  /** Kills the process at once, as a network outage would look to the app. */
  async kill(): Promise<void> {
    await this.signal("SIGKILL");
  }

  /** Stops the simulator; safe to call twice. */
  async stop(): Promise<void> {
    await this.signal("SIGTERM");
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill(signal);
    await exited;
  }
}

/** A client secret no file or log could contain by chance. */
export function randomSecret(): string {
  return `e2e-secret-${randomBytes(24).toString("hex")}`;
}

/** Reads the simulator's log until it says where it listens; keeps draining it afterwards. */
function listeningUrl(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => fail(new Error("the simulator did not start in 60 s")), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n${log}`));
    };
    const read = (chunk: Buffer) => {
      if (log.length > 64_000) return;
      // eslint-disable-next-line no-control-regex
      log += chunk.toString("utf8").replace(/\x1b\[[0-9;]*m/g, "");
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code, signal) =>
      fail(new Error(`the simulator exited (${code ?? signal}) before listening`)),
    );
    child.once("error", fail);
  });
}
