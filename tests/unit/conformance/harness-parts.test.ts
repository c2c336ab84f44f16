/** The harness's own logic: strict expected failures, distributions, manifests → snapshot, case names. */
import { describe, expect, it } from "vitest";
import { backendOfPod, checkWeights, withRequestId } from "../../conformance/harness/distribution.ts";
import { canonicalHeaderKey, parseDelay } from "../../conformance/harness/echo-server.ts";
import {
  kubernetesBackends,
  kubernetesServiceName,
  prepareManifests,
  snapshotFromManifests,
  withoutObject,
} from "../../conformance/harness/manifests.ts";
import { loadReference } from "../../conformance/harness/reference.ts";
import { buildReport, judge } from "../../conformance/harness/report.ts";
import { caseName, type TestResult } from "../../conformance/harness/run-suite.ts";

const result = (name: string, outcome: TestResult["outcome"]): TestResult => ({
  name,
  description: "",
  core: true,
  provisional: false,
  features: [],
  source: "",
  outcome,
  reason: outcome === "passed" ? undefined : "why",
  cases: [],
});

describe("judge (the strict expected-failure list)", () => {
  it("is green when exactly the listed tests fail", () => {
    expect(judge([result("A", "passed"), result("B", "failed"), result("C", "skipped")], { B: "issue" })).toEqual([]);
  });

  it("fails an unlisted failure, a listed test that passes or is skipped, and a listed name that is no test", () => {
    expect(
      judge([result("A", "failed"), result("B", "passed"), result("C", "skipped")], { B: "r", C: "r", D: "r" }),
    ).toEqual([
      "A failed: why",
      'B passes now: remove from expected failures ("r")',
      "C is skipped (why): remove from expected failures",
      "D is in expected failures but is no test of this run",
    ]);
  });
});

describe("distributions (utils/weight, percentage mirrors)", () => {
  it("names a backend by its pod without the two generated suffixes", () => {
    expect(backendOfPod("infra-backend-v1-7d9f8c6b5-conf")).toBe("infra-backend-v1");
    expect(backendOfPod("web")).toBe("web");
  });

  it("accepts shares within ±5 % and exactly the backends with weight", () => {
    const pods = (v1: number, v2: number) => [
      ...Array<string>(v1).fill("infra-backend-v1-a-b"),
      ...Array<string>(v2).fill("infra-backend-v2-a-b"),
    ];
    const weights = { "infra-backend-v1": 0.7, "infra-backend-v2": 0.3, "infra-backend-v3": 0 };
    expect(checkWeights(pods(360, 140), weights)).toBeNull();
    expect(checkWeights(pods(400, 100), weights)).toMatch(/"infra-backend-v1" weighted traffic of 0.8 not within/);
    expect(checkWeights(pods(500, 0), weights)).toMatch(/expected 2 backends to receive traffic, but got 1/);
    expect(checkWeights(["other-a-b"], weights)).toMatch(/unexpected pod/);
  });

  it("adds a request id to the request path and to the expected path (or makes it the expected path)", () => {
    const c = withRequestId({ request: { path: "/m?x=1" }, expectedRequest: { request: { path: "/m?x=1" } } }, "id");
    expect(c.request.path).toBe("/m?x=1&gateway-api-conformance-request-id=id");
    expect(c.expectedRequest?.request?.path).toBe(c.request.path);
    const noPath = withRequestId({ request: { path: "/m" }, expectedRequest: { request: { headers: {} } } }, "id");
    expect(noPath.expectedRequest?.request?.path).toBe("/m?gateway-api-conformance-request-id=id");
  });
});

describe("echo-basic stand-in", () => {
  it("writes header names the way Go canonicalises them and reads ?delay= durations", () => {
    expect(canonicalHeaderKey("x-header-SET")).toBe("X-Header-Set");
    expect(parseDelay("1s")).toBe(1000);
    expect(parseDelay("250ms")).toBe(250);
    expect(parseDelay("soon")).toBe(0);
  });
});

describe("manifests → snapshot (the convert --to snapshot path)", () => {
  const ref = loadReference();
  const text = prepareManifests(
    `${ref.baseManifests}\n---\n${ref.read("gateway-api/conformance/tests/httproute-simple-same-namespace.yaml")}`,
  );

  it("maps Signalbox versions back to the Services the importer split them from", () => {
    expect(kubernetesServiceName("infra-backend", "v1")).toBe("infra-backend-v1");
    expect(kubernetesServiceName("web", "default")).toBe("web");
  });

  it("finds the Services and Deployments, selectors and pod labels", () => {
    const { services, deployments } = kubernetesBackends(text);
    expect(services.find((s) => s.name === "infra-backend-v1")).toEqual({
      name: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
      selector: { app: "infra-backend-v1" },
      ports: [
        { port: 8080, targetPort: 3000 },
        { port: 8081, targetPort: 3001 },
        { port: 8082, targetPort: 3000 },
      ],
    });
    expect(deployments.find((d) => d.name === "web-backend")?.namespace).toBe("gateway-conformance-web-backend");
  });

  it("builds the snapshot with the echo endpoints of the Services that exist", () => {
    const built = snapshotFromManifests(text, 7, (name) =>
      name === "infra-backend-v1" ? { address: "127.0.0.1", port: 4242 } : null,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.snapshot.version).toBe(7);
    expect(built.snapshot.config.clusters.find((c) => c.name === "infra-backend/v1")?.endpoints).toEqual([
      expect.objectContaining({ address: "127.0.0.1", port: 4242 }),
    ]);
    expect(text).not.toContain("{GATEWAY_CLASS_NAME}");
  });

  it("takes each service port on the pod port its Service's targetPort names (echo-basic's h2c port)", () => {
    const h2c = prepareManifests(
      `${ref.baseManifests}\n---\n${ref.read("gateway-api/conformance/tests/httproute-backend-protocol-h2c.yaml")}`,
    );
    const built = snapshotFromManifests(h2c, 1, (name) =>
      name === "infra-backend-v1"
        ? { address: "127.0.0.1", port: 4242, portFor: (n) => (n === 8081 ? 4243 : 4242) }
        : null,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const cluster = built.snapshot.config.clusters.find((c) => c.name === "infra-backend/v1")!;
    // One service port (8081, HTTP2): the cluster itself takes it on the h2c pod port.
    expect(cluster.ports).toEqual([{ name: "http2-8081", number: 8081, protocol: "HTTP2" }]);
    expect(cluster.endpoints).toEqual([{ address: "127.0.0.1", port: 4243, weight: 1 }]);
  });

  it("deletes one object as the Go tests' Delete calls do", () => {
    const rest = withoutObject(text, {
      kind: "Service",
      name: "infra-backend-v1",
      namespace: "gateway-conformance-infra",
    });
    expect(kubernetesBackends(rest).services.some((s) => s.name === "infra-backend-v1")).toBe(false);
    expect(kubernetesBackends(rest).services.some((s) => s.name === "infra-backend-v2")).toBe(true);
  });
});

describe("caseName (GetTestCaseName)", () => {
  it("uses the case's name, else derives it from host, path, headers and backend or status codes", () => {
    expect(caseName({ testCaseName: "named", request: { path: "/" } }, 0)).toBe("named");
    expect(caseName({ request: { host: "a.com", path: "/x", headers: {} }, backend: "v1" }, 3)).toBe(
      "3 request to 'a.com/x' with headers should go to v1",
    );
    expect(caseName({ request: { path: "/" }, response: { statusCode: 404 } }, 1)).toBe(
      "1 request to '/' should receive one of [404]",
    );
  });
});

describe("buildReport (upstream ConformanceReport shape)", () => {
  it("splits core and extended with upstream's results and adds Signalbox's per-test request counts", () => {
    const withCases = (r: TestResult, passed: number, total: number): TestResult => ({
      ...r,
      cases: Array.from({ length: total }, (_, i) => ({ name: String(i), passed: i < passed })),
    });
    const report = buildReport(
      [
        withCases(result("A", "passed"), 2, 2),
        withCases(result("B", "failed"), 1, 3),
        { ...result("C", "skipped"), core: false },
      ],
      { implementationVersion: "9.9.9", gatewayApiVersion: "v1.6.1", date: "d", expectedFailures: { B: "issue" } },
    );
    expect(report).toMatchObject({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "ConformanceReport",
      gatewayAPIVersion: "v1.6.1",
      implementation: { project: "signalbox", version: "9.9.9" },
      profiles: [
        {
          name: "GATEWAY-HTTP",
          core: { result: "failure", statistics: { Passed: 1, Skipped: 0, Failed: 1 }, failedTests: ["B"] },
          extended: { result: "partial", statistics: { Passed: 0, Skipped: 1, Failed: 0 }, skippedTests: ["C"] },
        },
      ],
      totals: { tests: { total: 3, Passed: 1, Skipped: 1, Failed: 1 }, requests: { total: 5, passed: 3 } },
    });
    const tests = report.tests as { name: string; expectedFailure?: string; requests?: unknown }[];
    expect(tests[1]).toMatchObject({ name: "B", expectedFailure: "issue", requests: { passed: 1, total: 3 } });
    expect(tests[2]!.requests).toBeUndefined();
  });
});
