/**
 * Issue 12 item 1, at the level a fleet meets it: the built console on a real database, 50 long-polls held over real
 * HTTP, one approval. Every poll gets the same version with a body whose hash checks out; the gzip answer decodes to
 * the same snapshot as the plain one; the 50 ACKs (written in batches) are all visible through /api/proxies once
 * answered; an ACK with a wrong hash is still refused. A poll that carries the ACK (as the bundled proxy sends it) is
 * answered only once that ACK is visible.
 */
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contentHash,
  SNAPSHOT_ACCEPT_ENCODING_HEADER,
  SNAPSHOT_CONTENT_ENCODING_HEADER,
  SnapshotSchema,
} from "../../lib/core/index.ts";
import { PROXY_TOKEN } from "../helpers/processes.ts";
import { asUser, login, startTestConsole, type TestConsole } from "../security/helpers.ts";

const POLLERS = 50;
let c: TestConsole;
let alice: ReturnType<typeof asUser>;
let bob: ReturnType<typeof asUser>;

interface Raw {
  status: number;
  encoding: string | undefined;
  body: Buffer;
}

/** A raw GET, so the test sees the bytes on the wire. */
function get(path: string, gzip = false): Promise<Raw> {
  const url = new URL(path, c.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${PROXY_TOKEN}` };
    if (gzip) headers[SNAPSHOT_ACCEPT_ENCODING_HEADER] = "gzip";
    http
      .get({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (ch: Buffer) => chunks.push(ch));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            encoding: res.headers[SNAPSHOT_CONTENT_ENCODING_HEADER] as string | undefined,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", reject);
  });
}

const decode = (r: Raw) =>
  SnapshotSchema.parse(JSON.parse((r.encoding === "gzip" ? gunzipSync(r.body) : r.body).toString("utf8")));

const ack = (node: string, version: number, hash: string) =>
  fetch(`${c.url}/api/xds/ack`, {
    method: "POST",
    headers: { authorization: `Bearer ${PROXY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ node, version, hash }),
  });

async function approveNewSplit(v1: number): Promise<number> {
  const mesh = (await alice("GET", "/api/mesh")).json.mesh;
  mesh.routes.find((r: { name: string }) => r.name === "reviews").rules[0].destinations = [
    { service: "reviews", version: "v1", weight: v1 },
    { service: "reviews", version: "v2", weight: 100 - v1 },
  ];
  const created = await alice("POST", "/api/changes", { title: `split ${v1}`, description: "", proposed: mesh });
  expect(created.status, created.text).toBe(201);
  expect((await alice("POST", `/api/changes/${created.json.id}/submit`)).status).toBe(200);
  const approved = await bob("POST", `/api/changes/${created.json.id}/approve`, { note: "" });
  expect(approved.status, approved.text).toBe(200);
  return approved.json.producedVersion as number;
}

beforeAll(async () => {
  c = await startTestConsole({ SIGNALBOX_POLL_WAIT_MS: "30000" });
  alice = asUser(c, (await login(c, "alice", "alice-editor-pw")).cookie);
  bob = asUser(c, (await login(c, "bob", "bob-approver-pw")).cookie);
}, 240_000);
afterAll(() => c?.close());

describe("fan-out of one publish to many held long-polls", () => {
  it("gives all 50 the same new version, each body valid, gzip and plain alike; batched ACKs all visible", async () => {
    const running = (await bob("GET", "/api/proxies")).json.latestVersion as number;
    const held = Array.from({ length: POLLERS }, (_, i) =>
      get(`/api/xds/snapshot?node=fan-${i}&version=${running}&waitMs=30000`, i % 2 === 0),
    );
    // Every poll is held before the publish: the console has seen all 50 heartbeats.
    await expect
      .poll(
        async () => {
          const nodes = (await bob("GET", "/api/proxies")).json.proxies as { id: string }[];
          return nodes.filter((p) => p.id.startsWith("fan-")).length;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(POLLERS);
    const version = await approveNewSplit(30);
    const answers = await Promise.all(held);
    expect(answers.map((a) => a.status)).toEqual(new Array(POLLERS).fill(200));
    expect(answers.map((a) => a.encoding ?? "identity")).toEqual(
      answers.map((_, i) => (i % 2 === 0 ? "gzip" : "identity")),
    );
    const snapshots = answers.map(decode);
    expect(new Set(snapshots.map((s) => s.version))).toEqual(new Set([version]));
    for (const s of snapshots) expect(contentHash(s.config)).toBe(s.hash);
    // The gzip answer is the plain one, compressed: same bytes after decoding.
    expect(gunzipSync(answers[0]!.body).equals(answers[1]!.body)).toBe(true);

    const acks = await Promise.all(snapshots.map((s, i) => ack(`fan-${i}`, s.version, s.hash)));
    expect(acks.map((a) => a.status)).toEqual(new Array(POLLERS).fill(200));
    // Answered means written: no waiting for a later flush.
    const nodes = (await bob("GET", "/api/proxies")).json.proxies as {
      id: string;
      appliedVersion: number;
      state: string;
    }[];
    const fan = nodes.filter((p) => p.id.startsWith("fan-"));
    expect(fan).toHaveLength(POLLERS);
    expect(fan.every((p) => p.appliedVersion === version && p.state === "synced")).toBe(true);
    const audit = (await bob("GET", "/api/audit?limit=500")).json.entries as { action: string; entityId: string }[];
    const applied = audit.filter((e) => e.action === "proxy.applied" && e.entityId.startsWith("fan-"));
    expect(applied).toHaveLength(POLLERS);
  });

  it("still refuses an ACK whose hash is not the version's, and does not record it", async () => {
    const latest = (await bob("GET", "/api/proxies")).json.latestVersion as number;
    const wrong = contentHash({ not: "the config" });
    const refused = await ack("fan-0", latest, wrong);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { issues: { path: string[] }[] } };
    expect(body.error.issues.map((i) => i.path.join("."))).toContain("hash");
    const row = ((await bob("GET", "/api/proxies")).json.proxies as { id: string; appliedHash: string }[]).find(
      (p) => p.id === "fan-0",
    );
    expect(row?.appliedHash).not.toBe(wrong);
  });

  it("records the ACK a poll carries (applied, appliedHash) before answering it, and refuses a wrong hash", async () => {
    const latest = (await bob("GET", "/api/proxies")).json.latestVersion as number;
    const snap = decode(await get(`/api/xds/snapshot?node=acker&version=0&waitMs=0`));
    expect(snap.version).toBe(latest);
    // The next poll acknowledges it, as the bundled proxy does; held for 0 ms, it answers 304 once its ACK is written.
    const polled = await get(
      `/api/xds/snapshot?node=acker&version=${latest}&waitMs=0&applied=${latest}&appliedHash=${snap.hash}`,
    );
    expect(polled.status).toBe(304);
    const row = (
      (await bob("GET", "/api/proxies")).json.proxies as { id: string; appliedVersion: number; state: string }[]
    ).find((p) => p.id === "acker");
    expect(row).toMatchObject({ appliedVersion: latest, state: "synced" });

    const wrong = contentHash({ not: "the config" });
    const refused = await get(
      `/api/xds/snapshot?node=liar&version=${latest}&waitMs=0&applied=${latest}&appliedHash=${wrong}`,
    );
    expect(refused.status).toBe(400);
    const body = JSON.parse(refused.body.toString("utf8")) as { error: { issues: { path: string[] }[] } };
    expect(body.error.issues.map((i) => i.path.join("."))).toContain("appliedHash");
    const lonely = await get(`/api/xds/snapshot?node=liar&version=${latest}&waitMs=0&applied=${latest}`);
    expect(lonely.status).toBe(400);
    const liar = (
      (await bob("GET", "/api/proxies")).json.proxies as { id: string; appliedVersion: number | null }[]
    ).find((p) => p.id === "liar");
    expect(liar?.appliedVersion ?? null).toBeNull();
  });

  it("answers a poll that is behind at once, with the newest version's bytes", async () => {
    const first = await get(`/api/xds/snapshot?node=late&version=0&waitMs=0`, true);
    const again = await get(`/api/xds/snapshot?node=late&version=0&waitMs=0`, true);
    expect(first.status).toBe(200);
    expect(first.body.equals(again.body)).toBe(true);
    expect(decode(first).version).toBe((await bob("GET", "/api/proxies")).json.latestVersion);
  });
});
