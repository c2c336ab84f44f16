import { describe, expect, it } from "vitest";
import { validateSnapshot } from "../../../proxy/config/validate.ts";
import { ConfigHolder } from "../../../proxy/config/active-config.ts";
import { MetricsRegistry } from "../../../proxy/metrics/registry.ts";
import { UpstreamRegistry } from "../../../proxy/upstream/clusters.ts";
import { createLogger } from "../../../proxy/log.ts";
import { weightedSnapshot } from "../../helpers/snapshot-builder.ts";

const good = () => weightedSnapshot(3, "a.test", { "a/v1": 100 }, { "a/v1": 1 });

describe("validateSnapshot", () => {
  it("accepts a valid snapshot", () => {
    expect(validateSnapshot(good())).toMatchObject({ ok: true });
  });

  it("names the field of a shape error and keeps the version for the NACK", () => {
    const bad = { ...good(), config: { ...good().config, clusters: [{ name: "nope" }] } };
    const r = validateSnapshot(bad);
    expect(r).toMatchObject({ ok: false, version: 3 });
    expect(!r.ok && r.error).toMatch(/config\.clusters\.0\.name/);
  });

  it("rejects a hash that does not match the content", () => {
    const r = validateSnapshot({ ...good(), hash: "f".repeat(64) });
    expect(!r.ok && r.error).toMatch(/hash mismatch/);
  });

  it("rejects weights that do not sum to 100", () => {
    const r = validateSnapshot(weightedSnapshot(4, "a.test", { "a/v1": 60, "a/v2": 60 }, { "a/v1": 1, "a/v2": 2 }));
    expect(!r.ok && r.error).toMatch(/snapshot.weight-sum/);
  });
});

describe("ConfigHolder", () => {
  it("swaps only after a complete build and keeps the old config on rejection", () => {
    const holder = new ConfigHolder(new MetricsRegistry(), new UpstreamRegistry(createLogger("silent")), undefined);
    expect(holder.apply(good())).toMatchObject({ ok: true, version: 3, unchanged: false });
    const first = holder.current;
    expect(holder.apply({ ...good(), version: 4, hash: "0".repeat(64) })).toMatchObject({ ok: false, version: 4 });
    expect(holder.current).toBe(first);
    expect(holder.apply(good())).toMatchObject({ ok: true, unchanged: true });
  });

  it("keeps endpoint state (pools, outlier counters) across swaps when the endpoint stays", () => {
    const holder = new ConfigHolder(new MetricsRegistry(), new UpstreamRegistry(createLogger("silent")), undefined);
    holder.apply(good());
    const ep = holder.current!.clusters.get("a/v1")!.endpoints[0]!;
    ep.consecutive5xx = 2;
    holder.apply(weightedSnapshot(5, "a.test", { "a/v1": 100 }, { "a/v1": 1 }));
    expect(holder.current!.clusters.get("a/v1")!.endpoints[0]).toBe(ep);
    holder.apply(weightedSnapshot(6, "a.test", { "a/v1": 100 }, { "a/v1": 2 }));
    expect(holder.current!.clusters.get("a/v1")!.endpoints[0]).not.toBe(ep);
  });
});
