import { X509Certificate } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKLOAD_SECRET_NAME } from "@/lib/core/protocol/secrets.ts";
import { createRoot, csrPublicKey, importSigningKey, issueLeaf } from "@/lib/server/security/x509.ts";
import { eventually } from "../helpers/eventually.ts";
import { presented, shopEdgeSnapshot } from "../helpers/fake-sds.ts";
import { freePort } from "../helpers/ports.ts";
import { startWorkersProxy } from "../helpers/proxy-primary.ts";

/** Certificates this short-lived are renewed at half their life: about every 2 s. */
const TTL_MS = 4_000;

/**
 * A console stand-in for the CA side of the protocol: `/api/xds/join` and `/api/xds/renew` sign the proxy's CSR
 * (lib/server/security/x509.ts, as the console does), the snapshot poll serves one snapshot, every other poll is
 * answered 304 after a hold.
 */
async function startFakeCa(snapshot: unknown) {
  const root = await createRoot("workers.test", 1);
  const issuerKey = await importSigningKey(root.keyPem);
  const issued: { path: string; serial: string }[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      if (req.method === "POST" && (url.pathname === "/api/xds/join" || url.pathname === "/api/xds/renew")) {
        void (async () => {
          const csrPemIn = (JSON.parse(text) as { csrPem: string }).csrPem;
          const leaf = await issueLeaf({
            issuerCertPem: root.certPem,
            issuerKey,
            publicKey: await csrPublicKey(csrPemIn),
            commonName: "edge-id",
            dnsNames: ["shop.test"],
            uris: ["spiffe://workers.test/ns/default/sa/edge-id"],
            ttlMs: TTL_MS,
          });
          issued.push({ path: url.pathname, serial: new X509Certificate(leaf.certPem).serialNumber });
          res.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({
              spiffeId: "spiffe://workers.test/ns/default/sa/edge-id",
              nodeId: "edge-id",
              gateway: "edge",
              certChainPem: leaf.certPem,
              caBundlePem: root.certPem,
              notAfter: leaf.notAfter.toISOString(),
            }),
          );
        })();
        return;
      }
      if (req.method === "POST") return void res.writeHead(204).end();
      if (url.pathname === "/api/xds/snapshot" && Number(url.searchParams.get("version")) < 1)
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(snapshot));
      setTimeout(() => res.writeHead(304).end(), 200);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caPem: root.certPem,
    issued,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** `--workers 2 --join-token`: the primary joins and renews once for the node; every worker serves the current certificate. */
describe("proxy --workers 2: the joined identity and its rotation reach every worker", () => {
  let ca: Awaited<ReturnType<typeof startFakeCa>>;
  let proxy: Awaited<ReturnType<typeof startWorkersProxy>>;
  let httpsPort: number;

  beforeAll(async () => {
    httpsPort = await freePort();
    // The proxy's own workload certificate (the identity secret), served on a listener to observe it.
    ca = await startFakeCa(shopEdgeSnapshot({ httpsPort, credential: WORKLOAD_SECRET_NAME }));
    proxy = await startWorkersProxy(2, [
      "--console",
      ca.url,
      "--join-token",
      "sbj_test",
      "--id",
      "edge-id",
      "--gateway",
      "edge",
    ]);
    expect(proxy.info.workers).toHaveLength(2);
  }, 40_000);

  afterAll(async () => {
    await proxy?.stop();
    await ca?.close();
  });

  it("serves the joined certificate from every worker, then the renewed one, without a restart", async () => {
    const serials = () => new Set(ca.issued.map((i) => i.serial));
    const handshakes = async (n: number) => {
      const out: (string | Error)[] = [];
      for (let i = 0; i < n; i++) out.push(await presented(httpsPort, ca.caPem));
      return out;
    };
    // Joined once, by the primary (not once per worker).
    expect(ca.issued.filter((i) => i.path === "/api/xds/join")).toHaveLength(1);
    const joined = ca.issued[0]!.serial;
    await eventually(
      "a certificate on the listener",
      async () => typeof (await presented(httpsPort, ca.caPem)) === "string",
      10_000,
      50,
    );
    // Each handshake (a new connection, handed to the workers in turn) presents a certificate the CA issued.
    for (const s of await handshakes(6)) expect(serials().has(s as string)).toBe(true);
    // Renewals rotate it: every worker moves on to a certificate issued after the join.
    await eventually(
      "renewed certificates on every handshake",
      async () => (await handshakes(4)).every((s) => typeof s === "string" && s !== joined && serials().has(s)),
      20_000,
      200,
    );
    expect(ca.issued.filter((i) => i.path === "/api/xds/renew").length).toBeGreaterThan(0);
    expect(ca.issued.filter((i) => i.path === "/api/xds/join")).toHaveLength(1);
  });
});
