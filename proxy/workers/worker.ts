import { createProxy } from "../create-proxy.ts";
import type { ProxyOptions } from "../options.ts";
import type { ForwardedSecrets, ToPrimary, ToWorker } from "./protocol.ts";

const send = (m: ToPrimary) => process.send?.(m);

/**
 * A worker in `--workers N` mode: serves requests on the listening socket it shares through node:cluster,
 * applies the snapshots, registered endpoints, console secrets (and the joined identity) and open live taps the
 * primary pushes (no console access of its own), and sends its metric deltas, tap samples and endpoint health to
 * the primary, which reports them to the console as one node.
 */
export async function runWorker(o: ProxyOptions): Promise<void> {
  const proxy = createProxy(o);
  let stopping = false;
  const flush = (then?: () => void) => {
    const d = proxy.metricsDelta();
    const m: ToPrimary = { t: "metrics", series: d.series, endpoints: d.endpoints, authz: d.authz, tap: d.tap };
    if (process.connected) process.send!(m, undefined, {}, () => then?.());
    else then?.();
  };
  const stop = (graceMs: number) => {
    if (stopping) return;
    stopping = true;
    // The last deltas go to the primary before we exit, so drained requests are counted too.
    void proxy.stop(graceMs).finally(() => flush(() => process.exit(0)));
  };
  // The console's secrets and the joined identity, as the primary has them; --secrets-dir is read here too (and wins).
  const applySecrets = (s: ForwardedSecrets) => {
    proxy.secrets.replace("console", s.console);
    proxy.secrets.replace("identity", s.identity);
  };
  let welcomed: () => void = () => undefined;
  const welcome = new Promise<void>((resolve) => (welcomed = resolve));
  process.on("message", (m: ToWorker) => {
    if (m.t === "welcome") {
      if (m.endpoints) proxy.applyEndpoints(m.endpoints);
      if (m.secrets) applySecrets(m.secrets);
      if (m.taps) proxy.updateTaps(m.taps);
      if (m.raw !== null) proxy.applySnapshot(m.raw);
      welcomed();
    } else if (m.t === "snapshot") {
      const r = proxy.applySnapshot(m.raw);
      send(
        r.ok
          ? { t: "applied", version: r.version, ok: true }
          : { t: "applied", version: r.version, ok: false, error: r.error },
      );
    } else if (m.t === "endpoints") proxy.applyEndpoints(m.clusters);
    else if (m.t === "secrets") applySecrets(m.secrets);
    else if (m.t === "taps") proxy.updateTaps(m.specs);
    else if (m.t === "stats") send({ t: "stats", id: m.id, stats: proxy.stats() });
    else stop(m.graceMs);
  });
  // Ctrl-C reaches the whole process group: the primary decides when workers stop (it sends "stop").
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => undefined);
  // A primary that died without telling us: drain and go.
  process.on("disconnect", () => stop(o.drainTimeoutMs ?? 10_000));
  send({ t: "hello" });
  await welcome;
  await proxy.start();
  send({ t: "ready", port: proxy.port, ports: proxy.ports() });
  const timer = setInterval(() => flush(), 250);
  timer.unref();
}
