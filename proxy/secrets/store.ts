import type { ProxySecret } from "../../lib/core/protocol/secrets.ts";

/**
 * Where a secret came from: a name in the local directory wins over everything (an operator's override); the
 * proxy's own joined identity (`default`) wins over what the console sends.
 */
export type SecretSource = "file" | "identity" | "console";
const PRECEDENCE: readonly SecretSource[] = ["file", "identity", "console"];

/**
 * The proxy's secrets by name (Envoy's SDS cache): TLS certificates with their keys and CA bundles, fed by the
 * --secrets-dir watcher and the console's secret discovery. Listeners and upstream pools read it when they build
 * their TLS contexts (never per request) and rebuild them on `onChange`.
 */
export class SecretStore {
  private readonly bySource = new Map<SecretSource, Map<string, ProxySecret>>();
  private readonly watchers = new Set<() => void>();
  /** Bumped on every change: contexts built from an older generation are stale. */
  generation = 0;

  get(name: string): ProxySecret | undefined {
    for (const source of PRECEDENCE) {
      const s = this.bySource.get(source)?.get(name);
      if (s) return s;
    }
    return undefined;
  }

  names(): string[] {
    const all = new Set<string>();
    for (const m of this.bySource.values()) for (const k of m.keys()) all.add(k);
    return [...all].sort();
  }

  /** What one source holds (a `--workers` primary forwards its console and identity secrets to the workers). */
  of(source: SecretSource): ProxySecret[] {
    return [...(this.bySource.get(source)?.values() ?? [])];
  }

  /** Replaces everything one source holds; watchers run only when something actually changed. */
  replace(source: SecretSource, secrets: readonly ProxySecret[]): void {
    const next = new Map(secrets.map((s) => [s.name, s] as const));
    const prev = this.bySource.get(source) ?? new Map<string, ProxySecret>();
    if (sameSecrets(prev, next)) return;
    this.bySource.set(source, next);
    this.generation++;
    for (const w of this.watchers) w();
  }

  onChange(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }
}

function sameSecrets(a: Map<string, ProxySecret>, b: Map<string, ProxySecret>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, s] of a) {
    const o = b.get(name);
    if (
      !o ||
      o.certChainPem !== s.certChainPem ||
      o.privateKeyPem !== s.privateKeyPem ||
      o.caBundlePem !== s.caBundlePem ||
      o.notAfter !== s.notAfter
    )
      return false;
  }
  return true;
}
