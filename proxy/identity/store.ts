import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/** What a joined proxy keeps across restarts, in `<state dir>/identity.json` (mode 0600: it holds the key). */
export const StoredIdentitySchema = z.object({
  nodeId: z.string(),
  spiffeId: z.string(),
  certChainPem: z.string(),
  privateKeyPem: z.string(),
  caBundlePem: z.string(),
  notAfter: z.iso.datetime(),
});
export type StoredIdentity = z.infer<typeof StoredIdentitySchema>;

const FILE = "identity.json";

export async function loadIdentity(stateDir: string): Promise<StoredIdentity | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(stateDir, FILE), "utf8");
  } catch {
    return undefined;
  }
  const parsed = StoredIdentitySchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** Write-then-rename: a crash mid-write leaves the previous identity, never half a file. */
export async function saveIdentity(stateDir: string, identity: StoredIdentity): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const target = path.join(stateDir, FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(identity, null, 2), { mode: 0o600 });
  await rename(tmp, target);
}
