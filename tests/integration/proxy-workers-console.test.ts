import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.ts";
import { presented, secretsBody, shopEdgeSnapshot, startFakeSds, type FakeSds } from "../helpers/fake-sds.ts";
import { freePort } from "../helpers/ports.ts";
import { startWorkersProxy, type PrimaryInfo } from "../helpers/proxy-primary.ts";
import { issueCert, makeCa } from "../helpers/test-certs.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

const ca = makeCa("workers sds test CA");
const first = issueCert(ca, "shop.test");
const second = issueCert(ca, "shop.test");
const serial = (pem: string) => new X509Certificate(pem).serialNumber;

/**
 * `--workers 2` against a console that serves secrets and opens live taps: the primary polls once for the node and
 * forwards the secrets to the workers (each serves TLS itself), pushes the open taps to them, and sends their
 * samples in its one metrics batch.
 */
describe("proxy --workers 2: console secrets and live taps", () => {
  let sds: FakeSds;
  let shop: TestUpstream;
  let proxy: Awaited<ReturnType<typeof startWorkersProxy>>;
  let httpsPort: number;
  let httpPort: number;
  let info: PrimaryInfo;

  beforeAll(async () => {
    [httpsPort, httpPort] = [await freePort(), await freePort()];
    shop = await startUpstream("shop");
    sds = await startFakeSds(
      shopEdgeSnapshot({ httpsPort, httpPort, upstreamPort: shop.port, credential: "shop-cert" }),
    );
    proxy = await startWorkersProxy(2, [
      "--console",
      sds.url,
      "--token",
      "sds-token",
      "--id",
      "edge-w",
      "--gateway",
      "edge",
    ]);
    info = proxy.info;
  }, 40_000);

  afterAll(async () => {
    await proxy?.stop();
    await sds?.close();
    await shop?.close();
  });

  it("serves the console's secret from every worker, and a rotated one on new handshakes", async () => {
    expect(info.workers).toHaveLength(2);
    await eventually("the HTTPS listener", () => (info.ports.includes(httpsPort) ? true : null), 5_000, 20);
    sds.serve(secretsBody(first));
    // A new connection per handshake: node:cluster hands them to the workers in turn, so both are seen.
    await eventually(
      "the first certificate",
      async () => (await presented(httpsPort, ca.certPem)) === serial(first.certPem),
    );
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await presented(httpsPort, ca.certPem));
    expect(new Set(seen)).toEqual(new Set([serial(first.certPem)]));
    sds.serve(secretsBody(second));
    await eventually("the second certificate", async () => {
      const round = [];
      for (let i = 0; i < 4; i++) round.push(await presented(httpsPort, ca.certPem));
      return round.every((s) => s === serial(second.certPem));
    });
    expect(new Set(sds.polls.map((p) => `${p.node} ${p.auth}`))).toEqual(new Set(["edge-w Bearer sds-token"]));
  });

  it("samples requests for an open tap in workers mode, within the tap rate of the node as a whole", async () => {
    const until = Date.now() + 60_000;
    sds.openTaps([{ id: "tap-1", filter: { pathPrefix: "/tapped" }, ratePerSecond: 100, until }]);
    const sampled = () => sds.metrics.flatMap((b) => b.tap ?? []);
    // Requests before the workers heard of the tap are not sampled: send until samples arrive.
    await eventually(
      "samples of the tap",
      async () => {
        for (let i = 0; i < 10; i++) {
          const r = await get(httpPort, `/tapped/${i}`, { connection: "close", host: "shop.test" });
          expect(r.status).toBe(200);
        }
        return sampled().length >= 10;
      },
      15_000,
      200,
    );
    const samples = sampled();
    expect(new Set(samples.map((s) => s.tap))).toEqual(new Set(["tap-1"]));
    expect(new Set(samples.map((s) => s.proxy))).toEqual(new Set(["edge-w"]));
    expect(samples.every((s) => s.path.startsWith("/tapped/") && s.cluster === "shop/v1" && s.status === 200)).toBe(
      true,
    );
    await get(httpPort, "/other", { connection: "close", host: "shop.test" });

    // A tap of 1 per second: the node as a whole sends at most one sample a second, however many workers took one.
    sds.openTaps([{ id: "tap-2", filter: { pathPrefix: "/slow" }, ratePerSecond: 1, until }]);
    await eventually(
      "samples of the slow tap",
      async () => {
        for (let i = 0; i < 10; i++) await get(httpPort, `/slow/${i}`, { connection: "close", host: "shop.test" });
        return sampled().some((s) => s.tap === "tap-2");
      },
      15_000,
      200,
    );
    const perSecond = new Map<number, number>();
    for (const s of sampled().filter((x) => x.tap === "tap-2"))
      perSecond.set(Math.floor(s.at / 1000), (perSecond.get(Math.floor(s.at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBe(1);
    expect(sampled().some((s) => s.path === "/other")).toBe(false);
  });
});
