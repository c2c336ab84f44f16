/**
 * One process of simulated proxies for `npm run bench:fanout` (fanout.ts forks a few of these, so the load
 * generator does not compete with itself on one event loop). Each simulated proxy speaks the xds protocol as
 * proxy/config/xds-client.ts does: long-poll GET /api/xds/snapshot, decode the body (gzip when the console sends
 * it), poll again carrying the ACK (`applied` and `appliedHash`, ack mode "poll", what the proxy does) or POST
 * /api/xds/ack first (ack mode "post": what proxies did before, and what a console built before the poll carried
 * ACKs understands). It does not build a route table: the bench measures the control plane, not the proxy's apply.
 *
 * argv: consoleUrls (comma-separated; proxy i polls consoleUrls[i % n]), token, first index, count, ack mode.
 * IPC out: {type: "got" | "acked", node, version, at} for every snapshot received and every ACK answered 200 (mode
 * "post") or sent with the next poll (mode "poll") (at = wall-clock ms, sub-ms precision).
 * IPC in: {type: "stop"}.
 */
import http from "node:http";
import { gunzipSync } from "node:zlib";

const [urlsArg, token, firstArg, countArg, ackMode = "poll"] = process.argv.slice(2);
const urls = urlsArg!.split(",").map((u) => new URL(u));
const first = Number(firstArg);
const count = Number(countArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const now = () => performance.timeOrigin + performance.now();
let stopped = false;

interface Reply {
  status: number;
  body: Buffer;
  encoding: string | undefined;
}

function request(base: URL, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          // As proxy/config/xds-client.ts asks: the fleet's shared gzip bytes (lib/core/protocol/xds.ts).
          "x-signalbox-accept-encoding": "gzip",
          ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            encoding: res.headers["x-signalbox-content-encoding"] as string | undefined,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function simulate(index: number): Promise<void> {
  const node = `bench-${index}`;
  const base = urls[index % urls.length]!;
  let version = 0;
  let ack = "";
  while (!stopped) {
    try {
      const res = await request(base, "GET", `/api/xds/snapshot?node=${node}&version=${version}&waitMs=30000${ack}`);
      if (res.status === 304) continue;
      if (res.status !== 200) throw new Error(`poll ${res.status}: ${res.body.toString().slice(0, 200)}`);
      const text = (res.encoding === "gzip" ? gunzipSync(res.body) : res.body).toString("utf8");
      const snap = JSON.parse(text) as { version: number; hash: string };
      process.send!({ type: "got", node, version: snap.version, at: now() });
      version = snap.version;
      if (ackMode === "poll") {
        ack = `&applied=${snap.version}&appliedHash=${snap.hash}`;
        process.send!({ type: "acked", node, version: snap.version, at: now() });
        continue;
      }
      const posted = await request(
        base,
        "POST",
        "/api/xds/ack",
        JSON.stringify({ node, version: snap.version, hash: snap.hash }),
      );
      if (posted.status !== 200) throw new Error(`ack ${posted.status}: ${posted.body.toString().slice(0, 200)}`);
      process.send!({ type: "acked", node, version: snap.version, at: now() });
    } catch (e) {
      if (stopped) return;
      process.send!({ type: "error", node, error: String(e) });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

process.on("message", (m: { type: string }) => {
  if (m.type !== "stop") return;
  stopped = true;
  agent.destroy();
  process.exit(0);
});
// The parent going away must not leave pollers behind.
process.on("disconnect", () => process.exit(0));

for (let i = first; i < first + count; i++) void simulate(i);
