import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Ack, MetricsBatch, Nack } from "../../lib/core/index.ts";
import { eventually } from "./eventually.ts";

export interface FakeConsole {
  url: string;
  /** Publishes a snapshot (any JSON, valid or not): waiting polls with a lower version are answered at once. */
  publish(snapshot: { version: number } & Record<string, unknown>): void;
  acks: Ack[];
  nacks: Nack[];
  metrics: MetricsBatch[];
  polls: { node: string; version: number; gateway: string | null; auth: string | undefined }[];
  /** Resolves when `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The console side of the xDS-like protocol (lib/core/protocol/xds.ts), in memory: long-poll with a
 * bounded hold, ACKs (posted, or carried by the next poll) and NACKs and metrics recorded for assertions. Requests without the token get 401.
 */
export async function startFakeConsole(opts: { token?: string; holdMs?: number } = {}): Promise<FakeConsole> {
  let current: ({ version: number } & Record<string, unknown>) | null = null;
  const waiters = new Set<() => void>();
  const state = {
    acks: [] as Ack[],
    nacks: [] as Nack[],
    metrics: [] as MetricsBatch[],
    polls: [] as FakeConsole["polls"],
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(401).end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/api/xds/snapshot") {
      const version = Number(url.searchParams.get("version") ?? 0);
      state.polls.push({
        node: url.searchParams.get("node") ?? "",
        version,
        gateway: url.searchParams.get("gateway"),
        auth: req.headers.authorization,
      });
      // The ACK a poll carries (lib/core/protocol/xds.ts): recorded once per node, version and hash, as the POST was.
      const applied = Number(url.searchParams.get("applied") ?? 0);
      const appliedHash = url.searchParams.get("appliedHash");
      const node = url.searchParams.get("node") ?? "";
      if (applied > 0 && appliedHash && !state.acks.some((a) => a.node === node && a.version === applied))
        state.acks.push({
          node,
          version: applied,
          hash: appliedHash,
          gateway: url.searchParams.get("gateway") ?? undefined,
        });
      const answer = () => {
        if (current && current.version > version) {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(current));
          return true;
        }
        return false;
      };
      if (answer()) return;
      const hold = Math.min(opts.holdMs ?? 30_000, Number(url.searchParams.get("waitMs") ?? 30_000));
      const wake = () => {
        if (answer()) done();
      };
      const done = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const timer = setTimeout(() => {
        done();
        res.writeHead(304).end();
      }, hold);
      waiters.add(wake);
      res.on("close", done);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "null") as unknown;
    if (req.method === "POST" && url.pathname === "/api/xds/ack") state.acks.push(body as Ack);
    else if (req.method === "POST" && url.pathname === "/api/xds/nack") state.nacks.push(body as Nack);
    else if (req.method === "POST" && url.pathname === "/api/xds/metrics") state.metrics.push(body as MetricsBatch);
    else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(204).end();
  };
  const server = http.createServer((req, res) => {
    // A malformed body (bad JSON) cuts the connection; the test then sees the proxy's error path.
    serve(req, res).catch((e: unknown) => res.destroy(e instanceof Error ? e : new Error(String(e))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    ...state,
    publish(s) {
      current = s;
      for (const w of [...waiters]) w();
    },
    async waitFor(predicate, timeoutMs = 10_000, what = "condition") {
      await eventually(what, predicate, timeoutMs, 10);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
