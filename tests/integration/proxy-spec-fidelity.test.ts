import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import type { MeshConfig } from "../../lib/core/model/index.ts";
import { validateMesh } from "../../lib/core/validate/index.ts";
import { importGatewayApi } from "../../lib/core/yaml/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * Gateway API semantics through the real proxy with real HTTP: the upstream conformance manifests (verbatim) are
 * imported together, so their routes merge on one gateway, and each backend `infra-backend-vN` is a real server.
 */
const REFERENCE = new URL("../../../shared/reference/gateway-api/conformance/tests/", import.meta.url);
const manifest = (name: string) => readFileSync(new URL(`${name}.yaml`, REFERENCE), "utf8");

describe("Gateway API routes through the proxy (upstream conformance manifests)", () => {
  const backends: TestUpstream[] = [];
  let proxy: Proxy;

  beforeAll(async () => {
    for (const v of ["v1", "v2", "v3"]) backends.push(await startUpstream(`infra-backend-${v}`));
    const yaml = [
      "httproute-matching-across-routes",
      "httproute-path-match-order",
      "httproute-rewrite-path",
      "httproute-redirect-path",
      "httproute-request-multiple-mirrors",
    ]
      .map(manifest)
      .join("\n---\n");
    const { mesh } = importGatewayApi(yaml);
    const withEndpoints: MeshConfig = {
      ...mesh,
      // The gateway the manifests attach to (the conformance base manifests define it with one HTTP listener on 80).
      gateways: [{ name: "same-namespace", listeners: [{ name: "http", port: 80, protocol: "HTTP", hosts: ["*"] }] }],
      services: mesh.services.map((s) => ({
        ...s,
        versions: s.versions.map((ver) => ({
          ...ver,
          endpoints: [
            { address: "127.0.0.1", port: backends.find((b) => b.name === `${s.name}-${ver.name}`)!.port, weight: 1 },
          ],
        })),
      })),
    };
    expect(validateMesh(withEndpoints).filter((i) => i.severity === "error")).toEqual([]);
    proxy = createProxy({ nodeId: "spec", port: 0, gateway: "same-namespace", logLevel: "silent" });
    await proxy.start();
    expect(proxy.applySnapshot(buildSnapshot(withEndpoints, 1))).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    await proxy?.stop(1_000);
    await Promise.all(backends.map((b) => b.close()));
  });

  const served = async (host: string, path: string, headers: Record<string, string> = {}) => {
    const res = await get(proxy.port, path, { host, ...headers });
    return {
      status: res.status,
      by: res.headers["x-served-by"],
      url: res.status === 200 ? (JSON.parse(res.body) as { url: string }).url : null,
    };
  };

  it("merges two HTTPRoutes on one host: precedence across both (HTTPRouteMatchingAcrossRoutes)", async () => {
    expect((await served("example.com", "/")).by).toBe("infra-backend-v1");
    expect((await served("example.com", "/v2/example")).by).toBe("infra-backend-v2");
    expect((await served("example.net", "/v2")).by).toBe("infra-backend-v1");
    expect((await served("example.com", "/", { version: "two" })).by).toBe("infra-backend-v2");
  });

  it("exact before longest prefix, PathPrefix by segments (HTTPRoutePathMatchOrder)", async () => {
    expect((await served("any.example", "/match/exact/one")).by).toBe("infra-backend-v3");
    expect((await served("any.example", "/match/exact")).by).toBe("infra-backend-v2");
    expect((await served("any.example", "/match")).by).toBe("infra-backend-v1");
    expect((await served("any.example", "/match/prefix/one/any")).by).toBe("infra-backend-v2");
    expect((await served("any.example", "/match/any")).by).toBe("infra-backend-v3");
    expect((await served("any.example", "/matchx")).status).toBe(404);
  });

  it("rewrites paths as the spec says (HTTPRouteRewritePath)", async () => {
    expect((await served("any.example", "/prefix/one/two")).url).toBe("/one/two");
    expect((await served("any.example", "/strip-prefix/three")).url).toBe("/three");
    expect((await served("any.example", "/strip-prefix")).url).toBe("/");
    expect((await served("any.example", "/full/one/two")).url).toBe("/one");
  });

  it("redirects with path modifiers, host and status (HTTPRouteRedirectPath)", async () => {
    const at = async (path: string) => {
      const res = await get(proxy.port, path, { host: "gw.example" });
      return [res.status, res.headers.location];
    };
    expect(await at("/original-prefix/lemon")).toEqual([302, "http://gw.example/replacement-prefix/lemon"]);
    expect(await at("/full/path/original")).toEqual([302, "http://gw.example/full-path-replacement"]);
    expect(await at("/path-and-host")).toEqual([302, "http://example.org/replacement-prefix"]);
    expect(await at("/full-path-and-status")).toEqual([301, "http://gw.example/replacement-full"]);
  });

  it("mirrors to every RequestMirror backend (HTTPRouteRequestMultipleMirrors)", async () => {
    const mirrored = (b: TestUpstream) => b.seen.filter((r) => r.url === "/multi-mirror").length;
    expect((await served("any.example", "/multi-mirror")).by).toBe("infra-backend-v1");
    await eventually(
      "both mirrors saw the request",
      () => mirrored(backends[1]!) === 1 && mirrored(backends[2]!) === 1,
    );
    expect(mirrored(backends[0]!)).toBe(1);
  });
});
