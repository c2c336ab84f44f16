import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { CliError } from "./errors.ts";
import type { Env } from "./io.ts";

/** What `login` stores. The token is an API token secret: the file is created 0600 for that reason. */
const StoredConfigSchema = z.object({
  server: z.string().optional(),
  token: z.string().optional(),
  /** Id of the API token, so `logout` can revoke it on the server. */
  tokenId: z.string().optional(),
  username: z.string().optional(),
});
type StoredConfig = z.infer<typeof StoredConfigSchema>;

/** $SIGNALBOX_CONFIG, else $XDG_CONFIG_HOME/signalbox/config.json, else ~/.config/signalbox/config.json. */
export function configPath(env: Env): string {
  if (env.SIGNALBOX_CONFIG) return path.resolve(env.SIGNALBOX_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "signalbox", "config.json");
}

/** A missing file is an empty config; an unreadable or malformed one is an error, never silently replaced. */
export function loadConfig(file: string): StoredConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`config ${file} is not valid JSON; fix or delete it`);
  }
  const parsed = StoredConfigSchema.safeParse(json);
  if (!parsed.success)
    throw new CliError(
      `config ${file} is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/**
 * Writes through a temporary file created with mode 0600 and renames it, so the secret is never
 * readable by others, not even for a moment, and a crash never leaves half a file.
 */
export function saveConfig(file: string, config: StoredConfig): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(StoredConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600 });
  // The mode argument is masked by umask and ignored for existing files; chmod makes 0600 certain.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export interface Connection {
  server: string;
  token: string | undefined;
}

/** Normalizes a server URL: must be http(s); trailing slashes dropped so paths join cleanly. */
export function normalizeServer(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`invalid server URL "${url}": expected e.g. http://127.0.0.1:3000`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new CliError(`invalid server URL "${url}": must be http or https`);
  return url.replace(/\/+$/, "");
}

/**
 * Precedence: --server flag, then $SIGNALBOX_SERVER / $SIGNALBOX_TOKEN, then the stored values. The
 * stored token is only sent to the server it was issued by, so pointing the CLI elsewhere never leaks it.
 */
export function resolveConnection(env: Env, stored: StoredConfig, serverFlag?: string): Connection {
  const raw = serverFlag || env.SIGNALBOX_SERVER || stored.server;
  if (!raw) throw new CliError("no server configured: run `signalbox login --server URL` or set SIGNALBOX_SERVER");
  const server = normalizeServer(raw);
  const storedToken = stored.server && normalizeServer(stored.server) === server ? stored.token : undefined;
  return { server, token: env.SIGNALBOX_TOKEN || storedToken };
}
