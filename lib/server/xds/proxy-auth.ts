import "server-only";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { listensOnLoopbackOnly } from "@/lib/server/exposure.ts";
import { safeEqual, tokenHash } from "@/lib/server/auth/tokens.ts";
import { forbidden, unauthorized } from "@/lib/server/http/errors.ts";
import { looksLikeProxyToken, verifyProxyToken } from "@/lib/server/security/proxy-token.ts";

/** The published demo secret (README): accepted only by a console that listens on loopback only. */
export const DEFAULT_PROXY_TOKEN = "signalbox-dev-proxy-token";

/**
 * Who a proxy request comes from: the holder of a per-proxy credential, bound to one node id and gateway, or
 * (loopback-only consoles) the holder of the shared demo token, which may speak for any node.
 */
export type ProxyIdentity =
  | { kind: "shared" }
  | { kind: "credential"; id: string; nodeId: string; gateway: string | null }
  /** A proxy that joined: its certificate (lib/server/security/proxy-token.ts) names the node, gateway or service. */
  | {
      kind: "certificate";
      id: string;
      nodeId: string;
      gateway: string | null;
      service: string | null;
      spiffeId: string;
    };

/** Thrown at boot when the configuration would expose the shared proxy token; the start stops (lifecycle.ts). */
export class ProxyTokenExposedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProxyTokenExposedError";
  }
}

export const isProxyTokenExposed = (e: unknown): e is Error =>
  e instanceof Error && e.name === "ProxyTokenExposedError";

/** The shared token this console accepts: on loopback only the configured one or the default, else none. */
export function sharedProxyToken(): string | null {
  if (!listensOnLoopbackOnly()) return null;
  return env().SIGNALBOX_PROXY_TOKEN ?? DEFAULT_PROXY_TOKEN;
}

/**
 * A console that may be reachable from other machines refuses a shared proxy token: the default one is published
 * in the README, and any shared one lets one proxy speak for every other. Such a console accepts only per-proxy
 * credentials.
 */
export function checkProxyTokenExposure(): void {
  const configured = env().SIGNALBOX_PROXY_TOKEN;
  if (configured === undefined || listensOnLoopbackOnly()) return;
  const which = configured === DEFAULT_PROXY_TOKEN ? "the published default proxy token" : "a shared proxy token";
  throw new ProxyTokenExposedError(
    `SIGNALBOX_PROXY_TOKEN is set to ${which}, but this console may be reachable from other machines ` +
      `(SIGNALBOX_BIND_HOST=${env().SIGNALBOX_BIND_HOST ?? "unset"}). Unset it and give each proxy its own ` +
      "credential (Proxies page, or `signalbox proxy create-credential`); the shared token is for a " +
      "loopback-only console (npm start) only.",
  );
}

const TOUCH_EVERY_MS = 60_000;

/** 401 for a missing, unknown or revoked secret. */
export async function authenticateProxy(bearer: string | null): Promise<ProxyIdentity> {
  if (!bearer) throw unauthorized("A proxy credential is required (Authorization: Bearer …)");
  const shared = sharedProxyToken();
  if (shared !== null && safeEqual(bearer, shared)) return { kind: "shared" };
  if (looksLikeProxyToken(bearer)) return authenticateByCertificate(bearer);
  const prisma = await getPrisma();
  const row = await prisma.proxyCredential.findUnique({ where: { tokenHash: tokenHash(bearer) } });
  if (!row || row.revokedAt) throw unauthorized("The proxy credential is invalid or revoked");
  const now = new Date();
  // Last use is shown on the Proxies page; at most one write a minute per credential, not one per report.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS)
    await prisma.proxyCredential.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { kind: "credential", id: row.id, nodeId: row.nodeId, gateway: row.gateway };
}

/** A signed token: its certificate must be one this console issued to a proxy, and not revoked. */
async function authenticateByCertificate(bearer: string): Promise<ProxyIdentity> {
  const { serial } = await verifyProxyToken(bearer);
  const prisma = await getPrisma();
  const row = await prisma.proxyCertificate.findUnique({ where: { serial } });
  if (!row) throw unauthorized("The proxy certificate was not issued to a proxy by this console");
  if (row.revokedAt) throw unauthorized("The proxy certificate is revoked");
  return {
    kind: "certificate",
    id: row.id,
    nodeId: row.nodeId,
    gateway: row.gateway,
    service: row.service,
    spiffeId: row.spiffeId,
  };
}

/** A credential revoked while its request was held (a long-poll) must not be answered with a snapshot. */
export async function stillValid(identity: ProxyIdentity): Promise<boolean> {
  if (identity.kind === "shared") return true;
  const prisma = await getPrisma();
  if (identity.kind === "certificate") {
    const cert = await prisma.proxyCertificate.findUnique({
      where: { id: identity.id },
      select: { revokedAt: true, notAfter: true },
    });
    return cert !== null && cert.revokedAt === null && cert.notAfter.getTime() > Date.now();
  }
  const row = await prisma.proxyCredential.findUnique({ where: { id: identity.id }, select: { revokedAt: true } });
  return row !== null && row.revokedAt === null;
}

/**
 * The node and gateway a request speaks for: the credential's. A body or query naming another node or gateway is
 * refused (403), so a proxy can report only as itself.
 */
export function reportingAs(
  identity: ProxyIdentity,
  claimed: { node: string; gateway?: string | undefined },
): { node: string; gateway: string | null } {
  if (identity.kind === "shared") return { node: claimed.node, gateway: claimed.gateway ?? null };
  if (claimed.node !== identity.nodeId)
    throw forbidden(`node: this credential belongs to node ${identity.nodeId}, not ${claimed.node}`);
  if (claimed.gateway !== undefined && claimed.gateway !== (identity.gateway ?? undefined))
    throw forbidden(
      `gateway: this credential belongs to gateway ${identity.gateway ?? "(none)"}, not ${claimed.gateway}`,
    );
  return { node: identity.nodeId, gateway: identity.gateway };
}
