import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import type { MeshConfig, Route } from "../../lib/core/index.ts";
import { validateMesh } from "../../lib/core/validate/index.ts";
import { importIstio } from "../../lib/core/yaml/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { seededRandom } from "../helpers/random.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * The Istio Bookinfo networking samples, read from the shared reference tree at test time, imported,
 * compiled and served by the real proxy to real upstreams; each scenario checks what Istio's tasks
 * (request routing, traffic shifting, fault injection) document for that sample.
 */
const SAMPLES = "/work/shared/reference/istio/samples/bookinfo/networking/";
const read = (file: string) => readFileSync(SAMPLES + file, "utf8");

/**
 * `kubectl apply -f a -f b` semantics: an object of the same kind and name replaces the earlier one. The
 * importer reads one document set (a second VirtualService `ratings` would be a duplicate route), so
 * services come from all files together and each route from the last file that names it.
 */
function applySamples(files: string[]): MeshConfig {
  const all = importIstio(files.map(read).join("\n---\n"));
  const routes = new Map<string, Route>();
  for (const f of files) {
    const { mesh, report } = importIstio(read(f));
    // Only documents these samples fully express: a partial import would test less than the sample says.
    expect(report.documents.map((d) => [d.name, d.status])).toEqual(report.documents.map((d) => [d.name, "imported"]));
    for (const r of mesh.routes) routes.set(r.name, r);
  }
  return { ...all.mesh, routes: [...routes.values()] };
}

interface Served {
  proxy: Proxy;
  /** One upstream per `service/version`, named like the cluster so answers say who served them. */
  upstreams: Map<string, TestUpstream>;
}

let running: Served | null = null;

afterEach(async () => {
  if (!running) return;
  await running.proxy.stop(1_000);
  await Promise.all([...running.upstreams.values()].map((u) => u.close()));
  running = null;
});

/**
 * Samples → mesh → endpoints → validate → snapshot → proxy. The samples declare subsets by label only
 * (in Kubernetes the pods carrying `version: v1` are the endpoints); they have no ServiceEntry, so the
 * imported versions are empty and the proxy would answer 503. We attach one loopback upstream per
 * version, standing in for the pods the labels would select.
 */
async function serve(files: string[]): Promise<Served> {
  const mesh = applySamples(files);
  const upstreams = new Map<string, TestUpstream>();
  for (const svc of mesh.services) {
    for (const ver of svc.versions) {
      const u = await startUpstream(`${svc.name}/${ver.name}`);
      upstreams.set(u.name, u);
      ver.endpoints = [{ address: "127.0.0.1", port: u.port, weight: 1 }];
    }
  }
  const issues = validateMesh(mesh);
  expect(issues.filter((i) => i.severity === "error")).toEqual([]);
  const proxy = createProxy({
    nodeId: "bookinfo",
    port: 0,
    snapshot: buildSnapshot(mesh, 1),
    random: seededRandom(20_260_522),
    logLevel: "silent",
  });
  running = { proxy, upstreams };
  await proxy.start();
  return running;
}

/** One request to `host` through the proxy: status, the cluster that answered (from its body) and the time taken. */
async function call(
  s: Served,
  host: string,
  user?: string,
): Promise<{ status: number; servedBy: string | null; ms: number }> {
  const t0 = performance.now();
  const r = await get(s.proxy.port, "/", user === undefined ? { host } : { host, "end-user": user });
  const ms = performance.now() - t0;
  const servedBy = r.status === 200 ? (JSON.parse(r.body) as { upstream: string }).upstream : null;
  return { status: r.status, servedBy, ms };
}

/** `n` requests, at most 50 in flight; counts by who served them (status when no upstream did). */
async function tally(s: Served, host: string, n: number, user?: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let done = 0; done < n; done += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - done) }, () => call(s, host, user)));
    for (const r of batch) {
      const key = r.servedBy ?? `status ${r.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return counts;
}

const seen = (s: Served, cluster: string) => s.upstreams.get(cluster)!.seen.length;

describe("Istio Bookinfo samples on the real proxy", () => {
  it("reviews 80/20: v1 gets 80 ± 3 %, v2 20 ± 3 % of 2,000 requests", async () => {
    const s = await serve(["destination-rule-all.yaml", "virtual-service-reviews-80-20.yaml"]);
    const counts = await tally(s, "reviews", 2_000);
    const v1 = (100 * (counts["reviews/v1"] ?? 0)) / 2_000;
    const v2 = (100 * (counts["reviews/v2"] ?? 0)) / 2_000;
    console.info(`reviews 80/20 over 2000 requests: v1 ${v1.toFixed(2)} %, v2 ${v2.toFixed(2)} %`, counts);
    expect(Object.keys(counts).sort()).toEqual(["reviews/v1", "reviews/v2"]);
    expect(Math.abs(v1 - 80)).toBeLessThanOrEqual(3);
    expect(Math.abs(v2 - 20)).toBeLessThanOrEqual(3);
    expect(seen(s, "reviews/v3")).toBe(0);
  }, 60_000);

  it("reviews jason-v2-v3: end-user jason always gets v2, anyone else (or nobody) v3", async () => {
    const s = await serve(["destination-rule-all.yaml", "virtual-service-reviews-jason-v2-v3.yaml"]);
    expect(await tally(s, "reviews", 100, "jason")).toEqual({ "reviews/v2": 100 });
    // In a mesh, clients also call the service by its FQDN: the short host's rules apply (flat namespace).
    expect(await tally(s, "reviews.default.svc.cluster.local:9080", 20, "jason")).toEqual({ "reviews/v2": 20 });
    // Header matching is exact and case-sensitive in Istio: "Jason" is another user.
    for (const user of ["alice", "Jason", "jason2", ""])
      expect(await tally(s, "reviews", 20, user)).toEqual({ "reviews/v3": 20 });
    expect(await tally(s, "reviews", 20)).toEqual({ "reviews/v3": 20 });
    expect(seen(s, "reviews/v1")).toBe(0);
  });

  it("ratings test-delay: jason waits at least 7 s, another user is answered without the delay", async () => {
    const s = await serve([
      "destination-rule-all.yaml",
      "virtual-service-all-v1.yaml",
      "virtual-service-ratings-test-delay.yaml",
    ]);
    // Both in flight at once: the delayed request must not hold up the other one either.
    const [jason, other] = await Promise.all([call(s, "ratings", "jason"), call(s, "ratings", "alice")]);
    console.info(`ratings test-delay: jason ${jason.ms.toFixed(0)} ms, alice ${other.ms.toFixed(0)} ms`);
    expect(jason).toMatchObject({ status: 200, servedBy: "ratings/v1" });
    expect(other).toMatchObject({ status: 200, servedBy: "ratings/v1" });
    expect(jason.ms).toBeGreaterThanOrEqual(7_000);
    // Relative, not absolute: the undelayed answer takes a small fraction of the injected 7 s.
    expect(other.ms).toBeLessThan(jason.ms / 2);
  }, 20_000);

  it("ratings test-abort: jason gets 500 without reaching ratings, others 200 from ratings v1", async () => {
    const s = await serve([
      "destination-rule-all.yaml",
      "virtual-service-all-v1.yaml",
      "virtual-service-ratings-test-abort.yaml",
    ]);
    const before = seen(s, "ratings/v1");
    expect(await tally(s, "ratings", 20, "jason")).toEqual({ "status 500": 20 });
    expect(seen(s, "ratings/v1")).toBe(before);
    expect(await tally(s, "ratings", 20, "alice")).toEqual({ "ratings/v1": 20 });
    expect(await tally(s, "ratings", 20)).toEqual({ "ratings/v1": 20 });
    expect(seen(s, "ratings/v1")).toBe(before + 40);
  });

  it("all-v1: every service answers from v1 only, whatever the user", async () => {
    // With destination-rule-all the other subsets exist (and have upstreams), so "v1 only" is a real choice.
    const s = await serve(["destination-rule-all.yaml", "virtual-service-all-v1.yaml"]);
    for (const svc of ["productpage", "reviews", "ratings", "details"]) {
      expect(await tally(s, svc, 30)).toEqual({ [`${svc}/v1`]: 30 });
      expect(await tally(s, svc, 10, "jason")).toEqual({ [`${svc}/v1`]: 10 });
    }
    for (const [name, u] of s.upstreams) if (!name.endsWith("/v1")) expect(u.seen.length, name).toBe(0);
  });
});
