import type { Snapshot } from "../../../lib/core/index.ts";
import { eventually } from "../../helpers/eventually.ts";
import { featureByName, isClaimed } from "../features.ts";
import { compareRoundTrip } from "./compare.ts";
import { mirroredDistribution, podFromRequestHeader, weightedDistribution } from "./distribution.ts";
import { startEchoServer, type EchoServer } from "./echo-server.ts";
import {
  backendRefNamespaces,
  kubernetesBackends,
  prepareManifests,
  snapshotFromManifests,
  withoutObject,
  type KubeDeployment,
  type KubeService,
} from "./manifests.ts";
import { startGatewayProxy, type GatewayProxy } from "./proxy.ts";
import { prepareListenerSecrets } from "./tls.ts";
import type { ConformanceReference, UpstreamTest } from "./reference.ts";
import { roundTrip } from "./round-trip.ts";
import { isPorted, type ConformanceCase, type ConformanceTestDefinition, type PortedTest } from "./types.ts";
import { webSocketExchange } from "./websocket.ts";

export interface CaseResult {
  name: string;
  passed: boolean;
  error?: string;
}

export type Outcome = "passed" | "failed" | "skipped";

export interface TestResult {
  name: string;
  description: string;
  core: boolean;
  provisional: boolean;
  features: string[];
  source: string;
  outcome: Outcome;
  /** Why skipped, or the first failure. */
  reason?: string;
  cases: CaseResult[];
}

/** upstream GetTestCaseName: the case's own name, else derived from the request. */
export function caseName(c: ConformanceCase, i: number): string {
  if (c.testCaseName) return c.testCaseName;
  const req = `${i} request to '${c.request.host ?? ""}${c.request.path}'${c.request.headers ? " with headers" : ""}`;
  if (c.backend) return `${req} should go to ${c.backend}`;
  const codes = c.response?.statusCodes ?? (c.response?.statusCode ? [c.response.statusCode] : [200]);
  return `${req} should receive one of [${codes.join(" ")}]`;
}

/** Why an Extended test does not run: the first of its features Signalbox does not claim. */
export function skipReason(test: UpstreamTest): string | null {
  if (test.core) return null;
  for (const name of test.features) {
    const f = featureByName.get(name);
    if (f === undefined) return `unknown feature ${name}`;
    if (!isClaimed(name) && f.claimed !== true) return `feature ${name} not claimed: ${f.claimed.reason}`;
  }
  return null;
}

/**
 * Echo servers, one per Deployment (pod names start with the Deployment's name, as upstream's do), and which
 * one each Service reaches: the Deployment its selector matches, or the one the test's setup names.
 */
/** echo-basic's HTTP/2 cleartext container port (the base manifests' infra-backend-v1 `second-port` targets it). */
const ECHO_H2C_TARGET_PORT = 3001;

class Backends {
  private readonly servers = new Map<string, EchoServer>();
  private services: KubeService[] = [];
  private deployments: KubeDeployment[] = [];
  private endpoints: Record<string, string> = {};

  async load(text: string, endpoints: Record<string, string> = {}): Promise<void> {
    const found = kubernetesBackends(text);
    this.services = found.services;
    this.deployments = found.deployments;
    this.endpoints = endpoints;
    for (const d of found.deployments) {
      const key = `${d.namespace}/${d.name}`;
      if (!this.servers.has(key)) this.servers.set(key, await startEchoServer(d.name, d.namespace));
    }
  }

  /** Service `name`: in namespace `ns` when given, else the only Service by that name. */
  service(name: string, ns: string | undefined): KubeService | null {
    const candidates = this.services.filter((s) => s.name === name && (ns === undefined || s.namespace === ns));
    return candidates.length === 1 ? candidates[0]! : null;
  }

  /** The echo server behind Service `name`: in namespace `ns` when given, else the only Service by that name. */
  forService(name: string, ns: string | undefined): EchoServer | null {
    const svc = this.service(name, ns);
    if (!svc) return null;
    const manual = this.endpoints[svc.name];
    if (manual !== undefined) return this.servers.get(`${svc.namespace}/${manual}`) ?? null;
    const selector = svc.selector;
    if (!selector || Object.keys(selector).length === 0) return null;
    const deployment = this.deployments.find(
      (d) => d.namespace === svc.namespace && Object.entries(selector).every(([k, v]) => d.labels[k] === v),
    );
    return deployment ? (this.servers.get(`${deployment.namespace}/${deployment.name}`) ?? null) : null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.close()));
  }
}

export interface SuiteOptions {
  /** Only these tests (by upstream ShortName); default all. */
  only?: string[];
  onTest?: (result: TestResult) => void;
  /**
   * How many failed attempts a test's request may have before it counts as failed (upstream retries until its
   * consistency timeout). Default 3; the conformance run gives listed expected failures 1, so they fail fast.
   */
  failedAttemptsFor?: (test: string) => number;
}

/** upstream TimeoutConfig.RequiredConsecutiveSuccesses: a request passes after this many passes in a row. */
export const REQUIRED_CONSECUTIVE_SUCCESSES = 3;

/**
 * Runs every upstream test of the reference index: the ported ones through the real proxy (one process per
 * gateway, its snapshot swapped per test), the others reported as skipped with the reason.
 */
export async function runSuite(
  ref: ConformanceReference,
  definitions: readonly ConformanceTestDefinition[],
  options: SuiteOptions = {},
): Promise<TestResult[]> {
  const byName = new Map(definitions.map((d) => [d.shortName, d]));
  const backends = new Backends();
  const proxies = new Map<string, GatewayProxy>();
  // Every listener certificate any test's Gateway names, made before the first proxy starts.
  const tls = prepareListenerSecrets([
    prepareManifests(ref.baseManifests),
    ...ref.tests.flatMap((t) => t.yaml.map((f) => prepareManifests(ref.read(f)))),
  ]);
  let version = 0;
  const results: TestResult[] = [];
  const proxyFor = async (gateway: string, snapshot: Snapshot): Promise<GatewayProxy> => {
    const running = proxies.get(gateway);
    if (running) {
      await running.apply(snapshot);
      return running;
    }
    const started = await startGatewayProxy(gateway, snapshot, tls.dir);
    proxies.set(gateway, started);
    return started;
  };
  try {
    for (const test of ref.tests) {
      if (options.only && !options.only.includes(test.name)) continue;
      const base: TestResult = {
        name: test.name,
        description: test.description,
        core: test.core,
        provisional: test.provisional,
        features: test.features,
        source: test.go,
        outcome: "skipped",
        cases: [],
      };
      const def = byName.get(test.name);
      const skip = skipReason(test) ?? (def === undefined ? "not ported to this harness" : null);
      let result: TestResult;
      if (skip !== null) result = { ...base, reason: skip };
      else if (!isPorted(def!)) result = { ...base, reason: def!.notPorted };
      else {
        const attempts = options.failedAttemptsFor?.(test.name) ?? 3;
        result = await runPorted(ref, test, def!, base, backends, proxyFor, () => ++version, attempts, tls.caPem);
      }
      results.push(result);
      options.onTest?.(result);
    }
  } finally {
    await Promise.all([...proxies.values()].map((p) => p.stop()));
    await backends.close();
    tls.close();
  }
  return results;
}

async function runPorted(
  ref: ConformanceReference,
  test: UpstreamTest,
  def: PortedTest,
  base: TestResult,
  backends: Backends,
  proxyFor: (gateway: string, snapshot: Snapshot) => Promise<GatewayProxy>,
  nextVersion: () => number,
  failedAttempts: number,
  caPem: string,
): Promise<TestResult> {
  let text = prepareManifests([ref.baseManifests, ...test.yaml.map((f) => ref.read(f))].join("\n---\n"));
  const fail = (error: string, from = 0, done: CaseResult[] = []): TestResult => ({
    ...base,
    outcome: "failed",
    reason: error,
    cases: [...done, ...def.cases.slice(from).map((c, i) => ({ name: caseName(c, from + i), passed: false, error }))],
  });
  await backends.load(text, def.endpoints);
  const gateways = [...new Set([def.gateway, ...def.cases.flatMap((c) => (c.gateway ? [c.gateway] : []))])];
  const running = new Map<string, GatewayProxy>();
  /** Manifests → snapshot → every gateway's proxy; null when applied, else why not. */
  const apply = async (): Promise<string | null> => {
    const refNs = backendRefNamespaces(text);
    const built = snapshotFromManifests(text, nextVersion(), (name) => {
      const echo = backends.forService(name, refNs.get(name));
      if (!echo) return null;
      const ports = backends.service(name, refNs.get(name))?.ports ?? [];
      // echo-basic listens for HTTP/1.1 on container port 3000 and for h2c on 3001 (the base Services' targetPorts).
      const portFor = (n: number) =>
        ports.find((p) => p.port === n)?.targetPort === ECHO_H2C_TARGET_PORT ? echo.h2cPort : echo.port;
      return { address: "127.0.0.1", port: echo.port, portFor };
    });
    if (!built.ok) return built.error;
    for (const gateway of gateways) {
      try {
        running.set(gateway, await proxyFor(gateway, built.snapshot));
      } catch (e) {
        return `proxy: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return null;
  };
  const loadError = await apply();
  if (loadError) return fail(loadError);
  const cases: CaseResult[] = [];
  for (const [i, c] of def.cases.entries()) {
    if (c.afterDeleting) {
      text = withoutObject(text, c.afterDeleting);
      const error = await apply();
      if (error) return fail(error, i, cases);
    }
    const proxy = running.get(c.gateway ?? def.gateway)!;
    cases.push({ name: caseName(c, i), ...(await runCase(proxy, c, backends, failedAttempts, caPem)) });
  }
  const firstFailure = cases.find((c) => !c.passed);
  return {
    ...base,
    outcome: firstFailure ? "failed" : "passed",
    ...(firstFailure ? { reason: `${firstFailure.name}: ${firstFailure.error}` } : {}),
    cases,
  };
}

/**
 * One case as upstream's MakeRequestAndExpectEventuallyConsistentResponse runs it: the request must match
 * REQUIRED_CONSECUTIVE_SUCCESSES times in a row (a failed attempt resets the count, after a short pause); then the
 * case's extra checks (distributions) run once.
 */
async function runCase(
  proxy: GatewayProxy,
  c: ConformanceCase,
  backends: Backends,
  failedAttempts: number,
  caPem: string,
): Promise<Omit<CaseResult, "name">> {
  const port = c.listenerPort === undefined ? proxy.port : proxy.portFor(c.listenerPort);
  if (port === undefined)
    return { passed: false, error: `gateway ${proxy.gateway} has no listener on port ${c.listenerPort}` };
  let successes = 0;
  let failures = 0;
  while (successes < REQUIRED_CONSECUTIVE_SUCCESSES) {
    const error = await attempt(proxy, port, c, backends, caPem);
    if (error === null) {
      successes++;
      continue;
    }
    successes = 0;
    if (++failures >= failedAttempts) return { passed: false, error };
    await new Promise((r) => setTimeout(r, 200));
  }
  const extra =
    (c.weightedDistribution ? await weightedDistribution(proxy.port, c) : null) ??
    (c.mirroredDistribution
      ? await mirroredDistribution(proxy.port, c, (name, ns) => backends.forService(name, ns))
      : null) ??
    (c.podFromRequestHeader ? await podFromRequestHeader(proxy.port, c) : null);
  return extra ? { passed: false, error: extra } : { passed: true };
}

/** One request and its comparison (and its mirrors); null when it matched, else why not. */
async function attempt(
  proxy: GatewayProxy,
  port: number,
  c: ConformanceCase,
  backends: Backends,
  caPem: string,
): Promise<string | null> {
  if (c.websocket) return webSocketExchange(port, c);
  // Percentage mirrors are judged by their distribution, not per request.
  const mirrorsBefore = new Map(
    (c.mirroredDistribution ? [] : (c.mirroredTo ?? [])).map((m) => [
      m,
      backends.forService(m.backendRef.name, m.backendRef.namespace)?.received.length ?? 0,
    ]),
  );
  let trip;
  try {
    trip = await roundTrip(port, c, caPem);
  } catch (e) {
    return `request failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const error = compareRoundTrip(trip.sent, trip.cReq, trip.cRes, c);
  if (error) return error;
  // ExpectMirroredRequest (utils/http/mirror.go): every mirror backend logs a request for the same path.
  for (const [m, before] of mirrorsBefore) {
    const { name, namespace } = m.backendRef;
    const echo = backends.forService(name, namespace);
    if (!echo) return `mirror backend ${namespace}/${name} does not exist`;
    const path = c.request.path;
    try {
      await eventually(
        `the mirrored request in ${namespace}/${name}`,
        () => echo.received.slice(before).some((r) => r.path === path),
        5_000,
        20,
      );
    } catch {
      return `Couldn't find mirrored request in "${namespace}/${name}" logs`;
    }
  }
  return null;
}
