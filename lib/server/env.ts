import "server-only";
import { z } from "zod";

/** Server configuration, parsed once at boot so a typo fails loudly instead of misbehaving later. */
const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  SIGNALBOX_DATA_DIR: z.string().min(1).optional(),
  /** The address the console listens on, as the launchers pass it to `next start -H` (see lib/server/exposure.ts). */
  SIGNALBOX_BIND_HOST: z.string().min(1).optional(),
  /**
   * A shared secret every proxy may present as `Authorization: Bearer …`, accepted only by a console that listens
   * on loopback only (the demo; lib/server/xds/proxy-auth.ts). Unset (or empty) there: the published default.
   * Elsewhere proxies need per-proxy credentials, and setting this stops the start.
   */
  SIGNALBOX_PROXY_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(8, "must be at least 8 characters").optional(),
  ),
  /** A proxy not seen for this long leaves the Proxies list (the audit log keeps its history). */
  SIGNALBOX_PROXY_FORGET_AFTER_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(365 * 24 * 60)
    .default(24 * 60),
  /** Most series (route × cluster) one proxy may report in one metrics batch. */
  SIGNALBOX_METRICS_MAX_SERIES_PER_NODE: z.coerce.number().int().min(1).max(10_000).default(1_000),
  /** Most series keys (routes + versions) the metrics hub keeps per second: the bound of its memory. */
  SIGNALBOX_METRICS_MAX_KEYS: z.coerce.number().int().min(10).max(100_000).default(2_000),
  /** How long 10 s metric rollups are kept, in minutes (the 1 h range reads them, so at least 60). */
  SIGNALBOX_METRICS_RETENTION_10S_MINUTES: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 60)
    .default(60),
  /** How long 1 min metric rollups are kept, in days (the 24 h and 7 d ranges read them). */
  SIGNALBOX_METRICS_RETENTION_1M_DAYS: z.coerce.number().int().min(1).max(400).default(7),
  /** How often a console writes what its proxies reported to the rollup tables, in ms. */
  SIGNALBOX_METRICS_FLUSH_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * The Consul-compatible registry API (/v1/) listens here; 0 turns it off. Consul's own default port, so Consul
   * clients find it without configuration; loopback only unless SIGNALBOX_CONSUL_HOST says otherwise.
   */
  SIGNALBOX_CONSUL_PORT: z.coerce.number().int().min(0).max(65535).default(8500),
  SIGNALBOX_CONSUL_HOST: z.string().min(1).default("127.0.0.1"),
  /**
   * 1 lets the console's HTTP and TCP health checks reach link-local and cloud metadata addresses (169.254.0.0/16,
   * fe80::/10, fd00:ec2::254, 100.100.100.200), which it otherwise refuses: see SECURITY.md, "Registry health checks".
   */
  SIGNALBOX_CHECK_ALLOW_LINK_LOCAL: z.enum(["0", "1"]).default("0"),
  /**
   * The rollout plan an approval uses when it names none (JSON of lib/core/rollout's RolloutPlan), e.g.
   * {"mode":"staged","selector":{"canary":"true"},"bakeSeconds":60}. Unset: all at once.
   */
  SIGNALBOX_ROLLOUT_PLAN: z.string().optional(),
  /** Names this console process where it holds a lease (a canary's `lease_owner`); default host:pid:random. */
  SIGNALBOX_INSTANCE_NAME: z.string().min(1).max(200).optional(),
  /** How often staged rollouts and canaries are checked, in ms (tests shorten it). */
  SIGNALBOX_ROLLOUT_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Longest a snapshot long-poll is held before answering 304, in ms. */
  SIGNALBOX_POLL_WAIT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /**
   * demo: the demo users and the Bookinfo mesh into an empty database; users: only the users; none: nothing
   * (the first admin is created on /setup). auto: demo when the database is the embedded one and the console
   * listens on loopback only, else none — published demo passwords never reach an exposed console by default.
   */
  SIGNALBOX_SEED: z.enum(["auto", "demo", "users", "none"]).default("auto"),
  SIGNALBOX_DEMO_BASE_PORT: z.coerce.number().int().min(1).max(65000).default(19100),
  /** `npm start` sets 1: the demo mesh is seeded for its sidecars (lib/core/demo/bookinfo.ts, README "Mesh demo"). */
  SIGNALBOX_DEMO_SIDECARS: z.enum(["0", "1"]).default("0"),
  /** Absolute session lifetime. */
  SIGNALBOX_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** A session unused for this long ends (OWASP: 15–30 minutes for a high-value application). */
  SIGNALBOX_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /**
   * How many reverse proxies in front of the console to trust (Envoy's xff_num_trusted_hops): 0 ignores every
   * X-Forwarded-* header a client sends; n ≥ 1 takes the client address n entries from the right of
   * X-Forwarded-For and honours X-Forwarded-Proto and X-Forwarded-Host (HTTPS cookies, the CSRF origin check).
   */
  SIGNALBOX_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** The console's public URL, e.g. https://mesh.example.com; its origin is the only one the CSRF check accepts. */
  SIGNALBOX_PUBLIC_URL: z.string().url().optional(),
  /** Largest request body of an ordinary API call, in bytes. */
  SIGNALBOX_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest YAML import request body, in bytes. */
  SIGNALBOX_IMPORT_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /** Longest a YAML import may parse and validate (off the main thread) before it is abandoned. */
  SIGNALBOX_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How long the one-time setup token printed at the first start stays valid. */
  SIGNALBOX_SETUP_TOKEN_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /**
   * The key that seals secrets at rest (CA keys, TLS keys; lib/server/security/sealing.ts), at least 32
   * characters (e.g. `openssl rand -base64 32`). Required on a console reachable from other machines; a
   * loopback-only console without it generates one beside its data dir.
   */
  SIGNALBOX_SECRET_KEY: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  /** The operator's CA root instead of a generated one: PEM files, or the PEM itself (see README, Security model). */
  SIGNALBOX_CA_CERT_FILE: z.string().min(1).optional(),
  SIGNALBOX_CA_KEY_FILE: z.string().min(1).optional(),
  SIGNALBOX_CA_CERT: z.string().min(1).optional(),
  SIGNALBOX_CA_KEY: z.string().min(1).optional(),
  /** The SPIFFE trust domain of every identity this console's CA issues. */
  SIGNALBOX_TRUST_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be lower-case letters, digits, '-' and '.'")
    .max(255)
    .default("cluster.local"),
  /** Lifetime of workload and proxy certificates; proxies renew at about half of it. */
  SIGNALBOX_WORKLOAD_CERT_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 90)
    .default(24),
});
export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}
