import { BOOKINFO_CALLS, bookinfoSidecars, type BookinfoSidecar } from "../../lib/core/demo/bookinfo.ts";
import { RunningMeshResponseSchema } from "../../lib/core/api/mesh.ts";
import { CreatedJoinTokenResponseSchema } from "../../lib/core/api/security.ts";
import type { DemoCall } from "./upstreams.ts";

/**
 * The mesh part of `npm start` (README "Mesh demo"): a sidecar beside each version on the Bookinfo call path, each
 * with its own identity from the console's CA. `npm start` signs in as the demo admin and creates one join token per
 * proxy (bound to its node id and service, or gateway for edge-1), as an operator would on the Security page; no
 * sidecar uses the shared demo token.
 */

/** The demo admin the console seeds (lib/server/seed.ts). */
const DEMO_ADMIN = { username: "carol", password: "carol-admin-pw" };

export const sidecarNodeId = (s: Pick<BookinfoSidecar, "service" | "version">): string =>
  `${s.service}-${s.version}-sidecar`;

/** Each calling app's onward call, to its own sidecar's outbound port. */
export function demoCalls(basePort: number): Record<string, DemoCall> {
  const calls: Record<string, DemoCall> = {};
  for (const s of bookinfoSidecars(basePort)) {
    const call = BOOKINFO_CALLS[`${s.service}/${s.version}`];
    if (call) calls[`${s.service}/${s.version}`] = { port: s.outboundPort, ...call };
  }
  return calls;
}

/** A signed-in admin session on the console (cookie + the origin its CSRF check wants); null when refused. */
export async function adminSession(consoleUrl: string): Promise<ConsoleSession | null> {
  const origin = new URL(consoleUrl).origin;
  const res = await fetch(`${consoleUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(DEMO_ADMIN),
  });
  await res.body?.cancel();
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  return res.ok && cookie ? new ConsoleSession(consoleUrl, origin, cookie) : null;
}

export class ConsoleSession {
  constructor(
    private readonly url: string,
    private readonly origin: string,
    private readonly cookie: string,
  ) {}

  /**
   * Whether the running mesh is the sidecar demo's (seeded with SIGNALBOX_DEMO_SIDECARS=1): a data dir from an older
   * `npm start` points its endpoints at the apps, and sidecars would then call plain apps with mTLS.
   */
  async meshHasSidecars(basePort: number): Promise<boolean> {
    const res = await fetch(`${this.url}/api/mesh`, { headers: { cookie: this.cookie } });
    if (!res.ok) return false;
    const { mesh } = RunningMeshResponseSchema.parse(await res.json());
    const inbound = new Set(bookinfoSidecars(basePort).map((s) => s.inboundPort));
    return mesh.services.some((s) => s.versions.some((v) => v.endpoints.some((e) => inbound.has(e.port))));
  }

  /** A one-time join token for one proxy, valid for ten minutes (it joins at once). */
  async joinToken(nodeId: string, binding: { service: string } | { gateway: string }): Promise<string> {
    const res = await fetch(`${this.url}/api/security/join-tokens`, {
      method: "POST",
      headers: { cookie: this.cookie, origin: this.origin, "content-type": "application/json" },
      body: JSON.stringify({ nodeId, ...binding, ttlMinutes: 10 }),
    });
    if (!res.ok) throw new Error(`join token for ${nodeId}: ${res.status} ${await res.text()}`);
    return CreatedJoinTokenResponseSchema.parse(await res.json()).token;
  }
}

/** The proxy flags of one demo sidecar: one worker, its app, its inbound (peers) and outbound (its app) ports. */
export function sidecarArgs(s: BookinfoSidecar, consoleUrl: string): string[] {
  return [
    "--console",
    consoleUrl,
    "--id",
    sidecarNodeId(s),
    "--sidecar-for",
    `${s.service}/${s.version}`,
    "--app",
    String(s.port),
    "--inbound",
    String(s.inboundPort),
    "--outbound",
    String(s.outboundPort),
    "--workers",
    "1",
    "--log-level",
    "warn",
  ];
}
