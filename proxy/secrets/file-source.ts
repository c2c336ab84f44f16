import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProxySecret } from "../../lib/core/protocol/secrets.ts";
import type { Logger } from "../log.ts";
import { checkSecret } from "./read-secret.ts";
import type { SecretStore } from "./store.ts";

/**
 * `--secrets-dir DIR`: secrets from files, re-read when they change (polled: fs.watch misses renames on some
 * filesystems, and Kubernetes updates mounted secrets by swapping a symlink). Two layouts:
 *  - flat: `<name>.crt` (certificate chain, leaf first), `<name>.key`, `<name>.ca.crt` (CA bundle);
 *  - Istio's / Kubernetes' tls Secret as a directory: `<name>/tls.crt`, `<name>/tls.key`, `<name>/ca.crt`.
 * A secret that does not check (checkSecret: a key from another certificate, a file half written) keeps its last
 * good version, with a log line, and is read again on the next poll.
 */
export function startSecretsDir(dir: string, store: SecretStore, log: Logger, intervalMs = 1_000): { stop(): void } {
  const good = new Map<string, ProxySecret>();
  const reported = new Map<string, string>();
  const scan = () => {
    const found = readSecretsDir(dir, log);
    const next: ProxySecret[] = [];
    for (const [name, raw] of found) {
      const checked = checkSecret({ name, ...raw });
      if (checked.ok) {
        good.set(name, checked.secret);
        reported.delete(name);
      } else if (reported.get(name) !== checked.error) {
        reported.set(name, checked.error);
        log.warn("secret not loaded; keeping the last good one", { secret: name, dir, error: checked.error });
      }
      const s = good.get(name);
      if (s) next.push(s);
    }
    for (const name of [...good.keys()]) if (!found.has(name)) good.delete(name);
    store.replace("file", next);
  };
  scan();
  const timer = setInterval(scan, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

type RawSecret = { certChainPem?: string; privateKeyPem?: string; caBundlePem?: string };

function readSecretsDir(dir: string, log: Logger): Map<string, RawSecret> {
  const out = new Map<string, RawSecret>();
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    log.warn("secrets directory not readable", { dir, error: String(e) });
    return out;
  }
  const read = (path: string): string | undefined => {
    try {
      return statSync(path).isFile() ? readFileSync(path, "utf8") : undefined;
    } catch {
      return undefined;
    }
  };
  const put = (name: string, field: keyof RawSecret, value: string | undefined) => {
    if (value === undefined) return;
    out.set(name, { ...out.get(name), [field]: value });
  };
  for (const e of entries) {
    const path = join(dir, e);
    if (e.startsWith(".")) continue;
    if (e.endsWith(".ca.crt")) put(e.slice(0, -".ca.crt".length), "caBundlePem", read(path));
    else if (e.endsWith(".crt")) put(e.slice(0, -".crt".length), "certChainPem", read(path));
    else if (e.endsWith(".key")) put(e.slice(0, -".key".length), "privateKeyPem", read(path));
    else if (isDir(path)) {
      put(e, "certChainPem", read(join(path, "tls.crt")));
      put(e, "privateKeyPem", read(join(path, "tls.key")));
      put(e, "caBundlePem", read(join(path, "ca.crt")));
    }
  }
  return out;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
