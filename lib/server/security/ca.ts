import "server-only";
import { readFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import type { CaResponse, CaRoot, User } from "@/lib/core/api/index.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { badRequest, notFound } from "@/lib/server/http/errors.ts";
import { seal, unseal } from "./sealing.ts";
import { notifySecretsChanged } from "./secrets-signal.ts";
import { createRoot, fingerprint, importSigningKey, type SigningKey } from "./x509.ts";

const ROOT_VALIDITY_DAYS = 3650;
const KEY_CONTEXT = "ca-root";

type RootRow = {
  id: string;
  certPem: string;
  sealedKey: string;
  fingerprint: string;
  source: string;
  active: boolean;
  notBefore: Date;
  notAfter: Date;
  createdBy: string;
  createdAt: Date;
  retiredAt: Date | null;
};

export interface Signer {
  rootId: string;
  certPem: string;
  key: SigningKey;
}

const g = globalThis as unknown as { __signalboxSigner?: Signer };

function operatorRoot(): { certPem: string; keyPem: string } | null {
  const e = env();
  const cert = e.SIGNALBOX_CA_CERT ?? (e.SIGNALBOX_CA_CERT_FILE && readFileSync(e.SIGNALBOX_CA_CERT_FILE, "utf8"));
  const key = e.SIGNALBOX_CA_KEY ?? (e.SIGNALBOX_CA_KEY_FILE && readFileSync(e.SIGNALBOX_CA_KEY_FILE, "utf8"));
  if (!cert && !key) return null;
  if (!cert || !key)
    throw new Error(
      "Bring your own CA: set both the certificate (SIGNALBOX_CA_CERT[_FILE]) and the key (SIGNALBOX_CA_KEY[_FILE])",
    );
  return { certPem: cert, keyPem: key };
}

async function checkOperatorRoot(root: { certPem: string; keyPem: string }): Promise<void> {
  const cert = new X509Certificate(root.certPem);
  if (!cert.ca) throw new Error("SIGNALBOX_CA_CERT: the certificate is not a CA (basicConstraints CA:TRUE)");
  const { createPrivateKey } = await import("node:crypto");
  if (!cert.checkPrivateKey(createPrivateKey(root.keyPem)))
    throw new Error("SIGNALBOX_CA_KEY: the key does not belong to SIGNALBOX_CA_CERT");
  if (Date.parse(cert.validTo) <= Date.now()) throw new Error("SIGNALBOX_CA_CERT: the certificate has expired");
}

async function insertRoot(root: { certPem: string; keyPem: string }, source: string, createdBy: string) {
  const prisma = await getPrisma();
  const cert = new X509Certificate(root.certPem);
  return prisma.$transaction(async (tx) => {
    await tx.caRoot.updateMany({ where: { active: true }, data: { active: false } });
    const row = await tx.caRoot.create({
      data: {
        certPem: root.certPem.trim() + "\n",
        sealedKey: seal(root.keyPem, KEY_CONTEXT),
        fingerprint: fingerprint(root.certPem),
        source,
        active: true,
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        createdBy,
      },
    });
    return row;
  });
}

/**
 * At boot: the operator's root when configured (it becomes active; an earlier root stays trusted as an overlap),
 * else the active root, else a new generated one. Opening the active root's key here makes a wrong
 * SIGNALBOX_SECRET_KEY fail the start, not the first join.
 */
export async function ensureCa(): Promise<void> {
  const prisma = await getPrisma();
  const provided = operatorRoot();
  if (provided) {
    await checkOperatorRoot(provided);
    const existing = await prisma.caRoot.findUnique({ where: { fingerprint: fingerprint(provided.certPem) } });
    if (!existing) await insertRoot(provided, "provided", "system");
    else if (!existing.active) {
      await prisma.$transaction([
        prisma.caRoot.updateMany({ where: { active: true }, data: { active: false } }),
        prisma.caRoot.update({ where: { id: existing.id }, data: { active: true, retiredAt: null } }),
      ]);
    }
  } else if (!(await prisma.caRoot.findFirst({ where: { active: true } }))) {
    await insertRoot(await createRoot(env().SIGNALBOX_TRUST_DOMAIN, ROOT_VALIDITY_DAYS), "generated", "system");
    console.log(`[signalbox] Generated a CA root for trust domain ${env().SIGNALBOX_TRUST_DOMAIN}`);
  }
  await activeSigner();
}

/** The active root and its opened key (cached until the active root changes). */
export async function activeSigner(): Promise<Signer> {
  const prisma = await getPrisma();
  const row = await prisma.caRoot.findFirst({ where: { active: true } });
  if (!row) throw new Error("The CA has no active root (ensureCa runs at boot)");
  if (g.__signalboxSigner?.rootId === row.id) return g.__signalboxSigner;
  const key = await importSigningKey(unseal(row.sealedKey, KEY_CONTEXT));
  g.__signalboxSigner = { rootId: row.id, certPem: row.certPem, key };
  return g.__signalboxSigner;
}

const trusted = (r: RootRow, now: number) => r.retiredAt === null && r.notAfter.getTime() > now;

/** The trust bundle (ROOTCA): every root neither retired nor expired, the active one first. */
export async function trustBundle(): Promise<string[]> {
  const prisma = await getPrisma();
  const now = Date.now();
  const rows = await prisma.caRoot.findMany({ orderBy: [{ active: "desc" }, { createdAt: "desc" }] });
  return rows.filter((r) => trusted(r, now)).map((r) => r.certPem);
}

function toRoot(r: RootRow, now: number): CaRoot {
  const state = r.active ? "active" : r.retiredAt ? "retired" : r.notAfter.getTime() <= now ? "expired" : "trusted";
  return {
    id: r.id,
    subject: new X509Certificate(r.certPem).subject.replaceAll("\n", ", "),
    fingerprint: r.fingerprint,
    certPem: r.certPem,
    source: r.source === "provided" ? "provided" : "generated",
    state,
    notBefore: r.notBefore.toISOString(),
    notAfter: r.notAfter.toISOString(),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    retiredAt: r.retiredAt?.toISOString() ?? null,
  };
}

export async function describeCa(): Promise<CaResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.caRoot.findMany({ orderBy: [{ active: "desc" }, { createdAt: "desc" }] });
  const now = Date.now();
  return {
    trustDomain: env().SIGNALBOX_TRUST_DOMAIN,
    workloadCertTtlHours: env().SIGNALBOX_WORKLOAD_CERT_TTL_HOURS,
    roots: rows.map((r) => toRoot(r, now)),
  };
}

/** A new generated root becomes active; the previous one stays in the bundle, so certificates it signed still verify. */
export async function rotateRoot(user: User): Promise<CaResponse> {
  const prisma = await getPrisma();
  const previous = await prisma.caRoot.findFirst({ where: { active: true } });
  const row = await insertRoot(
    await createRoot(env().SIGNALBOX_TRUST_DOMAIN, ROOT_VALIDITY_DAYS),
    "generated",
    user.username,
  );
  await audit(prisma, {
    actorId: user.id,
    action: "ca.rotated",
    entityType: "ca",
    entityId: row.id,
    details: { fingerprint: row.fingerprint, previous: previous?.fingerprint ?? null },
  });
  await notifySecretsChanged(prisma);
  return describeCa();
}

export async function retireRoot(user: User, id: string): Promise<CaResponse> {
  const prisma = await getPrisma();
  const row = await prisma.caRoot.findUnique({ where: { id } });
  if (!row) throw notFound(`CA root ${id} does not exist`);
  if (row.active)
    throw badRequest("id: the active root cannot be retired; rotate first", [
      { path: ["id"], message: "the active root cannot be retired; rotate first" },
    ]);
  if (!row.retiredAt) {
    await prisma.caRoot.update({ where: { id }, data: { retiredAt: new Date() } });
    await audit(prisma, {
      actorId: user.id,
      action: "ca.root_retired",
      entityType: "ca",
      entityId: id,
      details: { fingerprint: row.fingerprint },
    });
    await notifySecretsChanged(prisma);
  }
  return describeCa();
}

export const spiffeForService = (service: string, namespace = "default") =>
  `spiffe://${env().SIGNALBOX_TRUST_DOMAIN}/ns/${namespace}/sa/${service}`;
export const spiffeForProxy = (nodeId: string) => `spiffe://${env().SIGNALBOX_TRUST_DOMAIN}/proxy/${nodeId}`;
