import type { CanonicalMemo } from "../snapshot/canonical-json.ts";
import type { Cluster, VirtualHost } from "../snapshot/schema.ts";

/**
 * Compile results kept between compiles, keyed by the content they were compiled from: a virtual host by its binding,
 * host and the JSON of every route serving it; a service's clusters by the service's JSON. Publishing a change to a
 * large mesh then recompiles only the hosts whose routes changed, and the hash reuses the canonical JSON of the
 * rest (`canonical`, see canonicalJson). The caller owns the cache (one per process, say) and passes it in, so
 * lib/core stays pure: a compile with a cache returns exactly what a compile without one does.
 *
 * Entries not used by the latest compile are dropped after it, so the cache holds about one mesh. Cached objects are
 * shared between the snapshots that use them: nobody may mutate a compiled snapshot.
 */
export class CompileCache {
  // Keyed by binding + host, then by the routes' JSON: two short lookups instead of hashing one long concatenation.
  private vhosts = new Map<string, Map<string, VirtualHost>>();
  private clusters = new Map<string, Cluster[]>();
  private usedVhosts = new Map<string, Map<string, VirtualHost>>();
  private usedClusters = new Map<string, Cluster[]>();
  /** Canonical JSON of the cached objects (null until the first hash serializes them; see canonicalJson). */
  readonly canonical: CanonicalMemo = new WeakMap();
  hits = 0;
  misses = 0;

  virtualHost(host: string, content: string, compile: () => VirtualHost): VirtualHost {
    const all = this.vhosts.get(host) ?? new Map<string, VirtualHost>();
    const used = this.usedVhosts.get(host) ?? new Map<string, VirtualHost>();
    this.usedVhosts.set(host, used);
    return this.through(all, used, content, () => this.memoized(compile()));
  }

  serviceClusters(key: string, compile: () => Cluster[]): Cluster[] {
    return this.through(this.clusters, this.usedClusters, key, () => compile().map((c) => this.memoized(c)));
  }

  private memoized<T extends object>(value: T): T {
    this.canonical.set(value, null);
    return value;
  }

  /** Called by the compiler when it is done: what this compile did not use is forgotten. */
  endCompile(): void {
    this.vhosts = this.usedVhosts;
    this.clusters = this.usedClusters;
    this.usedVhosts = new Map();
    this.usedClusters = new Map();
  }

  private through<T>(all: Map<string, T>, used: Map<string, T>, key: string, compile: () => T): T {
    let value = used.get(key) ?? all.get(key);
    if (value === undefined) {
      value = compile();
      this.misses++;
    } else this.hits++;
    used.set(key, value);
    return value;
  }
}
