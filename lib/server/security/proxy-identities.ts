import "server-only";
import type {
  CreatedJoinTokenResponse,
  CreateJoinTokenRequest,
  IssuedIdentity,
  JoinRequest,
  JoinToken,
  JoinTokenListResponse,
  ProxyIdentityListResponse,
  ProxyIdentityRecord,
  User,
} from "@/lib/core/index.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { newToken, tokenHash } from "@/lib/server/auth/tokens.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { badRequest, notFound, unauthorized } from "@/lib/server/http/errors.ts";
import { activeSigner, spiffeForProxy, spiffeForService, trustBundle } from "./ca.ts";
import { normalSerial } from "./proxy-token.ts";
import { csrPublicKey, issueLeaf } from "./x509.ts";

type TokenRow = {
  id: string;
  nodeId: string;
  gateway: string | null;
  service: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string;
  createdAt: Date;
};

const toJoinToken = (r: TokenRow, now = Date.now()): JoinToken => ({
  id: r.id,
  nodeId: r.nodeId,
  gateway: r.gateway,
  service: r.service,
  state: r.usedAt ? "used" : r.revokedAt ? "revoked" : r.expiresAt.getTime() <= now ? "expired" : "pending",
  expiresAt: r.expiresAt.toISOString(),
  usedAt: r.usedAt?.toISOString() ?? null,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

export async function listJoinTokens(): Promise<JoinTokenListResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.joinToken.findMany({ orderBy: { createdAt: "desc" }, take: 200 });
  return { tokens: rows.map((r) => toJoinToken(r)) };
}

export async function createJoinToken(user: User, input: CreateJoinTokenRequest): Promise<CreatedJoinTokenResponse> {
  const prisma = await getPrisma();
  const token = newToken("sbj");
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.joinToken.create({
      data: {
        tokenHash: tokenHash(token),
        nodeId: input.nodeId,
        gateway: input.gateway ?? null,
        service: input.service ?? null,
        expiresAt: new Date(Date.now() + (input.ttlMinutes ?? 60) * 60_000),
        createdBy: user.username,
      },
    });
    await audit(tx, {
      actorId: user.id,
      action: "join_token.created",
      entityType: "proxy",
      entityId: input.nodeId,
      details: { joinToken: created.id, gateway: created.gateway, service: created.service },
    });
    return created;
  });
  return { joinToken: toJoinToken(row), token };
}

export async function revokeJoinToken(user: User, id: string): Promise<void> {
  const prisma = await getPrisma();
  const row = await prisma.joinToken.findUnique({ where: { id } });
  if (!row) throw notFound(`Join token ${id} does not exist`);
  if (row.revokedAt || row.usedAt) return;
  await prisma.joinToken.update({ where: { id }, data: { revokedAt: new Date() } });
  await audit(prisma, { actorId: user.id, action: "join_token.revoked", entityType: "proxy", entityId: row.nodeId });
}

interface Binding {
  nodeId: string;
  gateway: string | null;
  service: string | null;
}

/**
 * The SPIFFE ID comes from the binding, never from the CSR: a sidecar is its service, in the running config's
 * namespace of that service (`default` for a service not published yet), any other proxy itself. A service moved to
 * another namespace gets the new identity at its sidecars' next rotation.
 */
async function spiffeFor(b: Binding): Promise<string> {
  if (!b.service) return spiffeForProxy(b.nodeId);
  const prisma = await getPrisma();
  const row = await prisma.service.findUnique({ where: { name: b.service }, select: { namespace: true } });
  return spiffeForService(b.service, row?.namespace);
}

async function issueProxyCertificate(binding: Binding, csrPem: string): Promise<IssuedIdentity> {
  let publicKey;
  try {
    publicKey = await csrPublicKey(csrPem);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest(`csrPem: ${why}`, [{ path: ["csrPem"], message: why }]);
  }
  const signer = await activeSigner();
  const spiffeId = await spiffeFor(binding);
  const leaf = await issueLeaf({
    issuerCertPem: signer.certPem,
    issuerKey: signer.key,
    publicKey,
    commonName: binding.nodeId,
    uris: [spiffeId],
    ttlMs: env().SIGNALBOX_WORKLOAD_CERT_TTL_HOURS * 3_600_000,
  });
  const prisma = await getPrisma();
  await prisma.proxyCertificate.create({
    data: {
      serial: normalSerial(leaf.serial),
      nodeId: binding.nodeId,
      gateway: binding.gateway,
      service: binding.service,
      spiffeId,
      notAfter: leaf.notAfter,
    },
  });
  return {
    spiffeId,
    nodeId: binding.nodeId,
    gateway: binding.gateway,
    certChainPem: leaf.certPem,
    caBundlePem: (await trustBundle()).join(""),
    notAfter: leaf.notAfter.toISOString(),
  };
}

/** One use: the token is marked used in the same statement that checks it, so two racing joins cannot both win. */
export async function joinProxy(input: JoinRequest): Promise<IssuedIdentity> {
  const prisma = await getPrisma();
  const now = new Date();
  const row = await prisma.joinToken.findUnique({ where: { tokenHash: tokenHash(input.token) } });
  if (!row) throw unauthorized("The join token is unknown");
  const claimed = await prisma.joinToken.updateMany({
    where: { id: row.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) throw unauthorized(`The join token is ${toJoinToken(row).state}`);
  const issued = await issueProxyCertificate(row, input.csrPem);
  await audit(prisma, {
    actorId: null,
    action: "proxy.joined",
    entityType: "proxy",
    entityId: row.nodeId,
    details: { joinToken: row.id, spiffeId: issued.spiffeId },
  });
  return issued;
}

/** The new certificate keeps the current one's binding; the current one stays valid until it expires (no gap). */
export async function renewProxyCertificate(binding: Binding, csrPem: string): Promise<IssuedIdentity> {
  const issued = await issueProxyCertificate(binding, csrPem);
  await audit(await getPrisma(), {
    actorId: null,
    action: "proxy.certificate_renewed",
    entityType: "proxy",
    entityId: binding.nodeId,
    details: { spiffeId: issued.spiffeId, notAfter: issued.notAfter },
  });
  return issued;
}

type CertRow = {
  id: string;
  serial: string;
  nodeId: string;
  gateway: string | null;
  spiffeId: string;
  notAfter: Date;
  createdAt: Date;
  revokedAt: Date | null;
};

const toIdentity = (r: CertRow, now = Date.now()): ProxyIdentityRecord => ({
  id: r.id,
  serial: r.serial,
  nodeId: r.nodeId,
  gateway: r.gateway,
  spiffeId: r.spiffeId,
  notAfter: r.notAfter.toISOString(),
  createdAt: r.createdAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
  state: r.revokedAt ? "revoked" : r.notAfter.getTime() <= now ? "expired" : "valid",
});

export async function listProxyIdentities(): Promise<ProxyIdentityListResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.proxyCertificate.findMany({ orderBy: { createdAt: "desc" }, take: 500 });
  return { identities: rows.map((r) => toIdentity(r)) };
}

/**
 * Revokes the certificate and every other unrevoked certificate of the same node: a proxy that renewed a moment
 * before must not keep working with the newer one.
 */
export async function revokeProxyIdentity(user: User, id: string): Promise<void> {
  const prisma = await getPrisma();
  const row = await prisma.proxyCertificate.findUnique({ where: { id } });
  if (!row) throw notFound(`Proxy identity ${id} does not exist`);
  const { count } = await prisma.proxyCertificate.updateMany({
    where: { nodeId: row.nodeId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  await audit(prisma, {
    actorId: user.id,
    action: "proxy.identity_revoked",
    entityType: "proxy",
    entityId: row.nodeId,
    details: { serial: row.serial, spiffeId: row.spiffeId, certificates: count },
  });
}
