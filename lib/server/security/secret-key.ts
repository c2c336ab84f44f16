import "server-only";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/server/env.ts";
import { listensOnLoopbackOnly } from "@/lib/server/exposure.ts";
import { pgliteDataDir } from "@/lib/server/db/pglite.ts";

/** Thrown at boot when a console reachable from other machines has no SIGNALBOX_SECRET_KEY (lifecycle.ts stops). */
export class SecretKeyMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyMissingError";
  }
}

export const isSecretKeyMissing = (e: unknown): e is Error => e instanceof Error && e.name === "SecretKeyMissingError";

/** Where a loopback-only console keeps its generated key: beside the data dir, e.g. `.data/pglite.secret-key`. */
export function generatedKeyFile(): string {
  const dataDir = path.resolve(pgliteDataDir());
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.secret-key`);
}

const g = globalThis as unknown as { __signalboxSecretKey?: string };

/**
 * The sealing key's material. SIGNALBOX_SECRET_KEY when set. Otherwise a loopback-only console (npm start, tests)
 * reads or generates a random one in a 0600 file and says so; a console that may be reachable from other machines
 * refuses to start: a key on the same disk as the database it protects protects little, so an exposed console
 * must be given one from outside (a secret manager, the environment).
 */
export function secretKeyMaterial(): string {
  if (g.__signalboxSecretKey) return g.__signalboxSecretKey;
  const configured = env().SIGNALBOX_SECRET_KEY;
  if (configured) return (g.__signalboxSecretKey = configured);
  if (!listensOnLoopbackOnly())
    throw new SecretKeyMissingError(
      "SIGNALBOX_SECRET_KEY is not set, but this console may be reachable from other machines " +
        `(SIGNALBOX_BIND_HOST=${env().SIGNALBOX_BIND_HOST ?? "unset"}). Set it to a random value of at least 32 ` +
        "characters (e.g. `openssl rand -base64 32`) and keep it outside the database: it seals the CA key and " +
        "TLS keys at rest.",
    );
  const file = generatedKeyFile();
  return (g.__signalboxSecretKey = readOrCreate(file));
}

function readOrCreate(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString("base64url");
  try {
    // wx: two processes starting at once must not overwrite each other's key.
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
  console.log(
    `[signalbox] Generated a secret-sealing key in ${file} (mode 0600). Set SIGNALBOX_SECRET_KEY instead ` +
      "on a console reachable from other machines.",
  );
  return key;
}
