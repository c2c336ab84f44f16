"use client";
import { useMemo } from "react";
import { serviceWorkload } from "@/lib/core/authz/index.ts";
import { effectiveMtls } from "@/lib/core/compile/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { useRunningMesh } from "@/lib/client/hooks/use-running-mesh.ts";
import { LockIcon, MTLS_LABEL } from "@/components/ui/mtls-state.tsx";
import { meshTrafficEdges } from "@/components/graph/mesh-edges.ts";
import { formatRps } from "@/components/graph/traffic.ts";
import { QueryState } from "@/components/ui/query-state.tsx";

/** The edges' window on this page: the last five minutes the console keeps live. */
const EDGE_WINDOW_S = 300;

/** Each version's inbound mode under the running config's PeerAuthentications (what its sidecars enforce). */
function modes(mesh: MeshConfig) {
  return mesh.services.flatMap((s) =>
    s.versions.map((v) => ({
      cluster: `${s.name}/${v.name}`,
      ...effectiveMtls(mesh.peerAuthentications, serviceWorkload(s, v)),
    })),
  );
}

/**
 * Mesh mTLS: the mode every service version's sidecar takes inbound (STRICT, PERMISSIVE, DISABLE, with port
 * overrides), and the service-to-service calls sidecars reported in the last five minutes with their callers'
 * identities and mTLS state (locked, permissive, plain).
 */
export function MeshMtlsSection() {
  const running = useRunningMesh();
  const metrics = useMetrics("service-edge", EDGE_WINDOW_S, "live", 5_000);
  const rows = useMemo(() => (running.data ? modes(running.data.mesh) : []), [running.data]);
  const edges = useMemo(
    () => (metrics.data ? meshTrafficEdges(metrics.data.points, EDGE_WINDOW_S) : []),
    [metrics.data],
  );
  return (
    <section aria-labelledby="mesh-mtls-title" data-testid="mesh-mtls-section">
      <h2 id="mesh-mtls-title">Mesh mTLS</h2>
      <p className="muted">
        The inbound mode each version&apos;s sidecars enforce (PeerAuthentication; PERMISSIVE when none applies), and
        the calls between sidecars in the last 5 minutes.
      </p>
      <QueryState isLoading={running.isLoading} error={running.error} label="running config">
        <table className="dense" data-testid="mesh-mtls-modes">
          <thead>
            <tr>
              <th scope="col">Service version</th>
              <th scope="col">Inbound mode</th>
              <th scope="col">Port overrides</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.cluster} data-testid={`mesh-mtls-mode-${r.cluster.replace("/", "-")}`} data-mode={r.mode}>
                <td>
                  <code>{r.cluster}</code>
                </td>
                <td>{r.mode}</td>
                <td>
                  {Object.entries(r.ports)
                    .map(([port, mode]) => `${port}: ${mode}`)
                    .join(", ") || "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
      {edges.length === 0 ? (
        <p className="muted">No sidecar reported a call from another sidecar in the last 5 minutes.</p>
      ) : (
        <table className="dense" data-testid="mesh-mtls-edges">
          <thead>
            <tr>
              <th scope="col">Caller identity</th>
              <th scope="col">Destination</th>
              <th scope="col">mTLS</th>
              <th scope="col">Requests/s</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((e) => (
              <tr
                key={`${e.identity}>${e.service}/${e.version}`}
                data-testid={`mesh-mtls-edge-${e.source}-${e.service}-${e.version}`}
              >
                <td>
                  <code className="small">{e.identity}</code>
                </td>
                <td>
                  <code>
                    {e.service}/{e.version}
                  </code>
                </td>
                <td className={`mtls-state is-${e.mtls}`} data-mtls={e.mtls}>
                  <LockIcon state={e.mtls} /> {MTLS_LABEL[e.mtls]}
                </td>
                <td>{formatRps(e.traffic.rps)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
