import { IssuedIdentitySchema, type IssuedIdentity } from "../../lib/core/index.ts";
import type { Logger } from "../log.ts";
import { newKeyAndCsr } from "./csr.ts";
import { signProxyToken } from "./signed-token.ts";
import { loadIdentity, saveIdentity, type StoredIdentity } from "./store.ts";

/** The proxy's current workload identity, as the TLS secret store serves it (`default` and `ROOTCA`). */
export interface CurrentIdentity {
  spiffeId: string;
  certChainPem: string;
  privateKeyPem: string;
  caBundlePem: string;
  notAfter: string;
}

export interface IdentitySource {
  current(): CurrentIdentity | undefined;
  /** Called after every swap (renewal); returns an unsubscribe function. */
  onChange(cb: (identity: CurrentIdentity) => void): () => void;
}

export interface IdentityOptions {
  consoleUrl: string;
  nodeId: string;
  joinToken?: string;
  stateDir?: string;
  log: Logger;
  /** Tests shorten it; default: half the certificate's lifetime. */
  renewAtFraction?: number;
}

/** Re-sign the bearer token when it is older than this (it is valid for five minutes). */
const TOKEN_REUSE_MS = 60_000;
const RETRY_MS = 30_000;

/**
 * A proxy's identity from the console's CA: joins once with a one-time token (or reuses the identity stored in
 * the state dir), signs every console call with its key, and renews at about half the certificate's lifetime with
 * a new key. The swap is one assignment: calls in flight finish with the old token, the next ones use the new.
 */
export class ProxyIdentity implements IdentitySource {
  private identity: StoredIdentity | undefined;
  private token: { value: string; at: number } | undefined;
  private readonly listeners = new Set<(identity: CurrentIdentity) => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly o: IdentityOptions) {}

  current(): CurrentIdentity | undefined {
    const i = this.identity;
    return i && { ...i };
  }

  onChange(cb: (identity: CurrentIdentity) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** A stored identity still valid for this node is reused; otherwise the join token is redeemed (or start fails). */
  async start(): Promise<void> {
    const stored = this.o.stateDir ? await loadIdentity(this.o.stateDir) : undefined;
    if (stored && stored.nodeId === this.o.nodeId && Date.parse(stored.notAfter) > Date.now() + 60_000) {
      this.o.log.info("identity loaded", { spiffeId: stored.spiffeId, notAfter: stored.notAfter });
      await this.swap(stored, false);
    } else {
      if (!this.o.joinToken)
        throw new Error(
          "no valid identity in --state-dir and no --join-token: create a join token on the console's Security page",
        );
      await this.swap(await this.request("/api/xds/join", { token: this.o.joinToken }), true);
      this.o.log.info("joined", { spiffeId: this.identity!.spiffeId, notAfter: this.identity!.notAfter });
    }
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** `Authorization: Bearer` value for console calls. */
  readonly bearer = (): string | undefined => {
    const i = this.identity;
    if (!i) return undefined;
    const now = Date.now();
    if (!this.token || now - this.token.at > TOKEN_REUSE_MS) this.token = { value: signProxyToken(i, now), at: now };
    return this.token.value;
  };

  /** Renews now (tests; the timer calls it at about half the lifetime). */
  async renew(): Promise<void> {
    const renewed = await this.request("/api/xds/renew", {}, this.bearer());
    await this.swap(renewed, true);
    this.o.log.info("certificate renewed", { notAfter: renewed.notAfter });
  }

  private async request(path: string, body: object, bearer?: string): Promise<StoredIdentity> {
    const { privateKeyPem, csrPem } = await newKeyAndCsr(this.o.nodeId);
    const res = await fetch(new URL(path, this.o.consoleUrl), {
      method: "POST",
      headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ ...body, csrPem }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} refused (${res.status}): ${text.slice(0, 300)}`);
    const issued: IssuedIdentity = IssuedIdentitySchema.parse(JSON.parse(text));
    return {
      nodeId: this.o.nodeId,
      spiffeId: issued.spiffeId,
      certChainPem: issued.certChainPem,
      privateKeyPem,
      caBundlePem: issued.caBundlePem,
      notAfter: issued.notAfter,
    };
  }

  private async swap(next: StoredIdentity, persist: boolean): Promise<void> {
    if (persist && this.o.stateDir) await saveIdentity(this.o.stateDir, next);
    this.identity = next;
    this.token = undefined;
    for (const cb of this.listeners) cb(this.current()!);
  }

  private schedule(delayMs?: number): void {
    if (this.stopped || !this.identity) return;
    const notAfter = Date.parse(this.identity.notAfter);
    const remaining = notAfter - Date.now();
    const wait = delayMs ?? Math.max(1_000, remaining * (this.o.renewAtFraction ?? 0.5));
    this.timer = setTimeout(() => {
      this.renew().then(
        () => this.schedule(),
        (error: unknown) => {
          this.o.log.warn("certificate renewal failed; retrying", { error: String(error) });
          this.schedule(Math.min(RETRY_MS, Math.max(1_000, (notAfter - Date.now()) / 4)));
        },
      );
    }, wait);
    this.timer.unref();
  }
}
