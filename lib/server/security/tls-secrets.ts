import "server-only";
import type {
  IssueTlsSecretRequest,
  TlsSecret,
  TlsSecretListResponse,
  UploadTlsSecretRequest,
  User,
} from "@/lib/core/api/index.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { badRequest, conflict, notFound } from "@/lib/server/http/errors.ts";
import { activeSigner } from "./ca.ts";
import { validateCredential } from "./pem-validation.ts";
import { seal } from "./sealing.ts";
import { notifySecretsChanged } from "./secrets-signal.ts";
import { issueLeaf, newKeyPair, privateKeyPem } from "./x509.ts";

type Row = {
  id: string;
  name: string;
  caBundlePem: string | null;
  source: string;
  sans: string[];
  notAfter: Date;
  createdBy: string;
  createdAt: Date;
};

export const keyContext = (name: string) => `tls-secret:${name}`;

const toSecret = (r: Row): TlsSecret => ({
  id: r.id,
  name: r.name,
  source: r.source === "issued" ? "issued" : "uploaded",
  sans: r.sans,
  hasCaBundle: r.caBundlePem !== null,
  notAfter: r.notAfter.toISOString(),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

const METADATA = {
  id: true,
  name: true,
  caBundlePem: true,
  source: true,
  sans: true,
  notAfter: true,
  createdBy: true,
  createdAt: true,
} as const;

export async function listTlsSecrets(): Promise<TlsSecretListResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.tlsSecret.findMany({ select: METADATA, orderBy: { name: "asc" } });
  return { secrets: rows.map(toSecret) };
}

async function store(
  user: User,
  data: {
    name: string;
    certChainPem: string;
    keyPem: string;
    caBundlePem?: string | undefined;
    source: string;
    sans: string[];
    notAfter: Date;
  },
): Promise<TlsSecret> {
  const prisma = await getPrisma();
  const row = await prisma.$transaction(async (tx) => {
    if (await tx.tlsSecret.findUnique({ where: { name: data.name }, select: { id: true } }))
      throw conflict(`name: a secret named ${data.name} exists; delete it first`, [
        { path: ["name"], message: "a secret with this name exists" },
      ]);
    const created = await tx.tlsSecret.create({
      data: {
        name: data.name,
        certChainPem: data.certChainPem,
        sealedKey: seal(data.keyPem, keyContext(data.name)),
        caBundlePem: data.caBundlePem ?? null,
        source: data.source,
        sans: data.sans,
        notAfter: data.notAfter,
        createdBy: user.username,
      },
      select: METADATA,
    });
    await audit(tx, {
      actorId: user.id,
      action: `tls_secret.${data.source}`,
      entityType: "tls_secret",
      entityId: data.name,
      details: { sans: data.sans, notAfter: data.notAfter.toISOString() },
    });
    return created;
  });
  await notifySecretsChanged(prisma);
  return toSecret(row);
}

/** 400 naming the field when a PEM does not parse, the key is not the certificate's, or it has expired. */
export async function uploadTlsSecret(user: User, input: UploadTlsSecretRequest): Promise<TlsSecret> {
  const result = validateCredential(input);
  if (!("credential" in result)) {
    const first = result.issues[0]!;
    throw badRequest(
      `${first.field}: ${first.message}`,
      result.issues.map((i) => ({ path: [i.field], message: i.message })),
    );
  }
  return store(user, {
    name: input.name,
    certChainPem: input.certChainPem.trim() + "\n",
    keyPem: input.privateKeyPem,
    caBundlePem: input.caBundlePem?.trim(),
    source: "uploaded",
    sans: result.credential.sans,
    notAfter: result.credential.notAfter,
  });
}

/** A fresh P-256 key and a certificate for the DNS names from the active root; the chain ends with that root. */
export async function issueTlsSecret(user: User, input: IssueTlsSecretRequest): Promise<TlsSecret> {
  const signer = await activeSigner();
  const keys = await newKeyPair();
  const leaf = await issueLeaf({
    issuerCertPem: signer.certPem,
    issuerKey: signer.key,
    publicKey: keys.publicKey,
    commonName: input.dnsNames[0]!,
    dnsNames: input.dnsNames,
    ttlMs: (input.ttlDays ?? 90) * 86_400_000,
  });
  return store(user, {
    name: input.name,
    certChainPem: leaf.certPem.trim() + "\n" + signer.certPem.trim() + "\n",
    keyPem: await privateKeyPem(keys.privateKey),
    source: "issued",
    sans: input.dnsNames,
    notAfter: leaf.notAfter,
  });
}

export async function deleteTlsSecret(user: User, id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const row = await tx.tlsSecret.findUnique({ where: { id }, select: { name: true } });
    if (!row) throw notFound(`TLS secret ${id} does not exist`);
    await tx.tlsSecret.delete({ where: { id } });
    await audit(tx, { actorId: user.id, action: "tls_secret.deleted", entityType: "tls_secret", entityId: row.name });
  });
  await notifySecretsChanged(prisma);
}
