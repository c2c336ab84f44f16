/** `signalbox convert` end to end: the real bin script as a child process, as a user would run it. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotSchema } from "@/lib/core/index.ts";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
// shared/ sits beside the repository, here and in CI.
const samples = path.resolve(root, "..", "shared", "reference", "istio", "samples", "bookinfo", "networking");
const VS_80_20 = path.join(samples, "virtual-service-reviews-80-20.yaml");
const DR_ALL = path.join(samples, "destination-rule-all.yaml");

function cli(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin", "signalbox.mjs"), ...args], {
      cwd: os.tmpdir(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const kinds = (yaml: string) => parseAllDocuments(yaml).map((d) => `${d.get("kind")}/${d.getIn(["metadata", "name"])}`);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "sb-cli-convert-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("signalbox convert", { timeout: 60_000 }, () => {
  it("converts the Bookinfo 80/20 VirtualService plus its DestinationRules to Istio, exit 0", async () => {
    const r = await cli(["convert", VS_80_20, DR_ALL]);
    expect(r.code, r.stderr).toBe(0);
    expect(kinds(r.stdout)).toEqual(
      expect.arrayContaining(["VirtualService/reviews", "DestinationRule/reviews", "ServiceEntry/reviews"]),
    );
    const vs = parseAllDocuments(r.stdout)
      .find((d) => d.get("kind") === "VirtualService")!
      .toJS();
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: "reviews", subset: "v1" }, weight: 80 },
      { destination: { host: "reviews", subset: "v2" }, weight: 20 },
    ]);
    // The report names every document by file:line, on stderr only.
    expect(r.stderr).toContain(`${VS_80_20}:1`);
    expect(r.stderr).toMatch(
      new RegExp(`${DR_ALL.replace(/[.]/g, "\\.")}:12\\s+DestinationRule\\s+reviews\\s+imported`),
    );
    expect(r.stderr).toContain("5 documents (5 imported); 0 errors, 2 warnings");
  });

  it("exits 2 on broken YAML, with file:line:column on stderr and nothing on stdout", async () => {
    const broken = path.join(dir, "broken.yaml");
    writeFileSync(
      broken,
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\nspec:\n  hosts: [reviews\n  http: 3\n",
    );
    const r = await cli(["convert", VS_80_20, broken]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    // Positions are the broken file's own, not the joined stream's.
    expect(r.stderr).toMatch(new RegExp(`${broken.replace(/[.]/g, "\\.")}:[67]:\\d+: invalid: `));
  });

  it("exits 2 when the documents parse but the config is invalid (weights summing to 110)", async () => {
    const file = path.join(dir, "weights.yaml");
    writeFileSync(
      file,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts: [reviews]
  http:
    - route:
        - { destination: { host: reviews, subset: v1 }, weight: 60 }
        - { destination: { host: reviews, subset: v2 }, weight: 50 }
`,
    );
    const r = await cli(["convert", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error SB101/);
  });

  it("reads stdin for - and converts to a snapshot that matches the proxy's schema", async () => {
    const r = await cli(["convert", "-", "--to", "snapshot"], readFileSync(VS_80_20, "utf8"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("<stdin>:1");
    const snapshot = SnapshotSchema.parse(JSON.parse(r.stdout));
    expect(snapshot.config.virtualHosts.map((v) => v.name)).toEqual(["reviews"]);
  });

  it("converts to Gateway API (a mesh route as GAMMA), listing what Gateway API cannot express as warnings", async () => {
    const r = await cli(["convert", VS_80_20, DR_ALL, "--to", "gateway-api"]);
    expect(r.code, r.stderr).toBe(0);
    const route = parseAllDocuments(r.stdout)
      .map((d) => d.toJS())
      .find((o) => o.kind === "HTTPRoute");
    expect(route.apiVersion).toBe("gateway.networking.k8s.io/v1");
    expect(route.spec.rules[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([80, 20]);
    // A mesh-bound route for a service's host is a GAMMA route: a Service parentRef, no warning about it.
    expect(route.spec.parentRefs).toEqual([{ group: "", kind: "Service", name: "reviews" }]);
    expect(r.stderr).not.toMatch(/routes\.0\.gateways/);
    expect(r.stderr).toMatch(/^warning: not expressible in Gateway API: services\./m);
  });

  it("refuses an unknown --to with exit 1 and a pointer to --help", async () => {
    const r = await cli(["convert", VS_80_20, "--to", "helm"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--to must be one of istio, gateway-api, snapshot");
    expect(r.stderr).toContain("signalbox convert --help");
  });

  it("prints help for the command and for the tool, exit 0", async () => {
    const sub = await cli(["convert", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("signalbox convert FILE|-");
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    for (const c of [
      "convert",
      "login",
      "logout",
      "get",
      "export",
      "import",
      "apply",
      "approve",
      "reject",
      "submit",
      "rollback",
      "status",
    ])
      expect(top.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
  });
});

describe("signalbox convert --to istio: what Gateway API says and Istio cannot", { timeout: 60_000 }, () => {
  it("lists allowedRoutes that keep a route out, and namespace labels, as warnings", async () => {
    const gatewayApi = path.resolve(root, "..", "shared", "reference", "gateway-api", "conformance");
    const file = path.join(dir, "cross-namespace-parent.yaml");
    writeFileSync(
      file,
      `${readFileSync(path.join(gatewayApi, "base", "manifests.yaml"), "utf8").replaceAll("{GATEWAY_CLASS_NAME}", "signalbox")}\n---\n${readFileSync(path.join(gatewayApi, "tests", "httproute-invalid-cross-namespace-parent-ref.yaml"), "utf8")}`,
    );
    const r = await cli(["convert", file, "--to", "istio"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: not expressible in Istio: gateways\.\d+\.listeners\.0\.allowedRoutes: listener http of gateway same-namespace does not allow route invalid-cross-namespace-parent-ref/m,
    );
    expect(r.stderr).toMatch(
      /^warning: not expressible in Istio: namespaces\.\d+: labels of namespace gateway-conformance-infra/m,
    );
    expect(r.stderr).toContain("SB311");
  });
});
