import { sampleHeaders, tapMatches, type TapSample, type TapSpec } from "../../lib/core/index.ts";

/** Samples kept between two metrics POSTs, over all taps (the batch schema allows 1000). */
const MAX_BUFFERED = 1_000;

interface OpenTap {
  spec: TapSpec;
  /** The second (epoch s) `taken` counts in: the per-tap rate limit. */
  second: number;
  taken: number;
}

/** What a finished exchange offers a tap. */
export interface TapExchange {
  method: string;
  authority: string;
  path: string;
  status: number;
  latencyMs: number;
  rule: string;
  cluster: string;
  upstream: string | null;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The proxy's side of live taps. `active` is the one thing the request path reads when nobody taps: false, and
 * nothing else runs. The console's answer to each metrics POST replaces the open taps (`update`); a tap also ends
 * by itself at its `until`, so a proxy cut off from the console stops sampling.
 */
export class Tapper {
  active = false;
  private taps: OpenTap[] = [];
  private buffer: TapSample[] = [];
  private readonly listeners = new Set<(specs: TapSpec[]) => void>();

  constructor(private readonly node: string) {}

  /** The open taps' specs (a `--workers` primary pushes them to its workers). */
  specs(): TapSpec[] {
    return this.taps.map((t) => t.spec);
  }

  /** Called after every update with the open taps. */
  onUpdate(listener: (specs: TapSpec[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(specs: readonly TapSpec[] | undefined, now = Date.now()): void {
    const kept = new Map(this.taps.map((t) => [t.spec.id, t]));
    this.taps = (specs ?? [])
      .filter((s) => s.until > now)
      .map((spec) => {
        const old = kept.get(spec.id);
        return old ? { ...old, spec } : { spec, second: 0, taken: 0 };
      });
    this.active = this.taps.length > 0;
    if (this.listeners.size > 0) {
      const open = this.specs();
      for (const l of this.listeners) l(open);
    }
  }

  /** Takes samples another process took (a `--workers` primary, from its workers): the same per-tap rate limit holds
   * for the node as a whole, and samples of taps no longer open are dropped. */
  accept(samples: readonly TapSample[]): void {
    for (const sample of samples) {
      const t = this.taps.find((x) => x.spec.id === sample.tap);
      if (!t || t.spec.until <= sample.at || this.buffer.length >= MAX_BUFFERED) continue;
      const second = Math.floor(sample.at / 1000);
      // Workers flush on their own clocks: a sample of a second already counted past comes late and is dropped, so
      // the node never sends more than the rate for any second.
      if (second < t.second) continue;
      if (second > t.second) {
        t.second = second;
        t.taken = 0;
      }
      if (t.taken >= t.spec.ratePerSecond) continue;
      t.taken++;
      this.buffer.push(sample);
    }
  }

  /** Called for every finished exchange while `active`. */
  offer(x: TapExchange, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    let expired = false;
    for (const t of this.taps) {
      if (t.spec.until <= now) {
        expired = true;
        continue;
      }
      if (t.second !== second) {
        t.second = second;
        t.taken = 0;
      }
      if (t.taken >= t.spec.ratePerSecond || this.buffer.length >= MAX_BUFFERED) continue;
      const candidate = {
        rule: x.rule,
        status: x.status,
        path: x.path,
        header: (name: string) => {
          const v = x.headers[name];
          return Array.isArray(v) ? v.join(", ") : v;
        },
      };
      if (!tapMatches(t.spec.filter, candidate)) continue;
      t.taken++;
      const hash = x.rule.indexOf("#");
      this.buffer.push({
        tap: t.spec.id,
        at: now,
        method: x.method.slice(0, 32),
        authority: x.authority.slice(0, 300),
        path: x.path.slice(0, 2000),
        status: x.status,
        latencyMs: Math.round(x.latencyMs * 1000) / 1000,
        route: hash < 0 ? x.rule : x.rule.slice(0, hash),
        rule: x.rule,
        cluster: x.cluster,
        upstream: x.upstream,
        proxy: this.node,
        headers: sampleHeaders(x.headers),
      });
    }
    if (expired)
      this.update(
        this.taps.map((t) => t.spec),
        now,
      );
  }

  /** The samples taken since the last call. */
  drain(): TapSample[] {
    const out = this.buffer;
    this.buffer = [];
    return out;
  }
}
