import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { NodeIdSchema } from "../lib/core/index.ts";
import { SidecarTargetSchema } from "../lib/core/sidecar/index.ts";
import { parseLabelList } from "../lib/core/rollout/index.ts";

const labelError = (e: unknown) =>
  e instanceof z.ZodError
    ? e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
    : e instanceof Error
      ? e.message
      : String(e);
import { DEFAULT_PATH_NORMALIZATION, ESCAPED_SLASH_ACTIONS, PATH_NORMALIZATIONS } from "../lib/core/routing/index.ts";
import { DEFAULT_MAX_HEADER_BYTES } from "./listener.ts";
import { adminExposureError, DEFAULT_ADMIN_HOST } from "./admin/access.ts";

const count = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `--${name} must be a number` })
    .int(`--${name} must be an integer`)
    .min(min, `--${name} must be ${min}..${max}`)
    .max(max, `--${name} must be ${min}..${max}`);

/** Request hardening (proxy/README.md): path normalization, client address, downstream limits, idle timeouts. */
const RequestHardeningFlags = {
  pathNormalization: z
    .enum(PATH_NORMALIZATIONS, { error: `--path-normalization must be one of ${PATH_NORMALIZATIONS.join(", ")}` })
    .default(DEFAULT_PATH_NORMALIZATION),
  escapedSlashes: z
    .enum(ESCAPED_SLASH_ACTIONS, { error: `--escaped-slashes must be one of ${ESCAPED_SLASH_ACTIONS.join(", ")}` })
    .default("keep"),
  xffTrustedHops: count("xff-trusted-hops", 0, 32).default(0),
  maxConnections: count("max-connections", 1, 1_000_000).optional(),
  maxConnectionsPerClient: count("max-connections-per-client", 1, 1_000_000).optional(),
  bodyIdleTimeoutMs: count("body-idle-timeout-ms", 0, 3_600_000).default(60_000),
  upgradeIdleTimeoutMs: count("upgrade-idle-timeout-ms", 1_000, 86_400_000).default(300_000),
};
const HARDENING_FLAG_NAMES = {
  "path-normalization": "pathNormalization",
  "escaped-slashes": "escapedSlashes",
  "xff-trusted-hops": "xffTrustedHops",
  "max-connections": "maxConnections",
  "max-connections-per-client": "maxConnectionsPerClient",
  "body-idle-timeout-ms": "bodyIdleTimeoutMs",
  "upgrade-idle-timeout-ms": "upgradeIdleTimeoutMs",
} as const;

const port = (name: string) =>
  z.coerce
    .number({ error: `--${name} must be a port number` })
    .int(`--${name} must be an integer`)
    .min(0, `--${name} must be 0..65535`)
    .max(65535, `--${name} must be 0..65535`);

export const FlagsSchema = z
  .object({
    console: z.url({ error: "--console must be a URL such as http://127.0.0.1:3000" }).optional(),
    /** Required with --console (it names the node to the console); a file-only proxy defaults to "signalbox-proxy". */
    id: NodeIdSchema.optional(),
    /** Absent: every port of the gateway's listeners (8080 when it has none). */
    listen: port("listen").optional(),
    /**
     * `80=18080,443=18443`: bind a gateway listener's port to another local port (a proxy that may not bind ports
     * below 1024, as Istio's gateways listen on 8080 for a Service port 80). Routes still see the listener's port.
     */
    portMap: z
      .string()
      .regex(/^\d{1,5}=\d{1,5}(,\d{1,5}=\d{1,5})*$/, "--port-map must look like 80=18080,443=18443")
      .transform((v, ctx) => {
        const map = new Map<number, number>();
        for (const pair of v.split(",")) {
          const [from, to] = pair.split("=").map(Number) as [number, number];
          if (from < 1 || from > 65535 || to > 65535)
            ctx.addIssue({
              code: "custom",
              message: `--port-map: ${pair}: ports are 1..65535 (0 for a free local port)`,
            });
          else if (map.has(from)) ctx.addIssue({ code: "custom", message: `--port-map: port ${from} is mapped twice` });
          map.set(from, to);
        }
        return map;
      })
      .optional(),
    secretsDir: z.string().min(1).optional(),
    /** Mesh mode: the service version this proxy runs beside (README "Mesh mode"). */
    sidecarFor: SidecarTargetSchema.optional(),
    inbound: port("inbound").optional(),
    outbound: port("outbound").optional(),
    app: port("app").optional(),
    host: z.string().min(1).default("127.0.0.1"),
    gateway: z.string().min(1).max(63).optional(),
    /** `--label k=v`, repeatable. */
    label: z
      .array(z.string())
      .default([])
      .transform((list, ctx) => {
        try {
          return parseLabelList(list.join(","));
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `must be key=value (${labelError(e)})` });
          return z.NEVER;
        }
      }),
    token: z.string().min(1).optional(),
    joinToken: z.string().min(1).optional(),
    adminPort: port("admin-port").optional(),
    adminHost: z.string().min(1).default(DEFAULT_ADMIN_HOST),
    adminToken: z.string().min(8, "--admin-token must be at least 8 characters").optional(),
    stateDir: z.string().min(1).optional(),
    config: z.string().min(1).optional(),
    drainMs: z.coerce.number().int().min(0).default(10_000),
    logLevel: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    maxHeaderBytes: z.coerce
      .number({ error: "--max-header-bytes must be a number" })
      .int("--max-header-bytes must be an integer")
      .min(1024, "--max-header-bytes must be 1024..1048576")
      .max(1024 * 1024, "--max-header-bytes must be 1024..1048576")
      .default(DEFAULT_MAX_HEADER_BYTES),
    http2: z.enum(["on", "off"], { error: "--http2 must be on or off" }).default("on"),
    // `auto` (the default): one worker per core the process may use (a sidecar: one); 1 keeps one process.
    workers: z
      .string()
      .default("auto")
      .transform((v, ctx): number | "auto" => {
        if (v === "auto") return "auto";
        const n = Number(v);
        if (Number.isInteger(n) && n >= 1 && n <= 64) return n;
        ctx.addIssue({ code: "custom", message: "--workers must be auto or 1..64" });
        return z.NEVER;
      }),
    ...RequestHardeningFlags,
  })
  .refine((f) => f.console !== undefined || f.config !== undefined || f.stateDir !== undefined, {
    message: "give --console URL, --config FILE or --state-dir DIR: the proxy needs a source of configuration",
  })
  .superRefine((f, ctx) => {
    const refused = f.adminPort === undefined ? null : adminExposureError(f.adminHost, f.adminToken);
    if (refused) ctx.addIssue({ code: "custom", path: ["adminToken"], message: refused });
  })
  .superRefine((f, ctx) => {
    for (const issue of sidecarFlagIssues(f)) ctx.addIssue({ code: "custom", ...issue });
  })
  .refine((f) => f.id !== undefined || f.console === undefined, {
    message: "is required with --console",
    path: ["id"],
  })
  .transform((f) => ({
    ...f,
    id: f.id ?? DEFAULT_FILE_NODE_ID,
    workers: f.workers !== "auto" ? f.workers : f.sidecarFor !== undefined ? 1 : autoWorkers(),
  }));
export type Flags = z.infer<typeof FlagsSchema>;

/** `--workers auto`: a worker per core this process may run on (1 on one core: a single process). */
export function autoWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(64, cores));
}

/** --sidecar-for needs --app; the sidecar ports need --sidecar-for; a sidecar serves no gateway and runs one process. */
function sidecarFlagIssues(f: {
  sidecarFor?: string;
  app?: number;
  inbound?: number;
  outbound?: number;
  gateway?: string;
  listen?: number;
  portMap?: unknown;
  workers: number | "auto";
}): { path: string[]; message: string }[] {
  if (f.sidecarFor === undefined)
    return (["inbound", "outbound", "app"] as const)
      .filter((k) => f[k] !== undefined)
      .map((k) => ({ path: [k], message: "needs --sidecar-for service/version" }));
  const out: { path: string[]; message: string }[] = [];
  if (f.app === undefined)
    out.push({ path: ["app"], message: "is required with --sidecar-for (the app's local port)" });
  for (const k of ["gateway", "listen", "portMap"] as const)
    if (f[k] !== undefined) out.push({ path: [k], message: "cannot be combined with --sidecar-for (use --outbound)" });
  if (f.workers !== "auto" && f.workers > 1) out.push({ path: ["workers"], message: "must be 1 with --sidecar-for" });
  return out;
}

/** The node id of a proxy that runs from a file only (it reports to no console, so the name is only for logs). */
export const DEFAULT_FILE_NODE_ID = "signalbox-proxy";

export const USAGE = `usage: signalbox-proxy [--id NODE] [--console URL] [--listen PORT] [--port-map P=L,...] [--host ADDR] [--gateway NAME]
                      [--label K=V]... [--token TOKEN] [--join-token TOKEN] [--admin-port PORT] [--admin-host ADDR] [--admin-token TOKEN] [--state-dir DIR] [--config FILE] [--drain-ms MS] [--log-level LEVEL]
                      [--workers auto|N] [--max-header-bytes N] [--http2 on|off] [--secrets-dir DIR]
                      [--sidecar-for SERVICE/VERSION --app PORT [--inbound PORT] [--outbound PORT]]
                      [--path-normalization none|base|merge-slashes|decode-and-merge-slashes]
                      [--escaped-slashes keep|reject] [--xff-trusted-hops N] [--max-connections N]
                      [--max-connections-per-client N] [--body-idle-timeout-ms MS] [--upgrade-idle-timeout-ms MS]
  --token defaults to $SIGNALBOX_PROXY_TOKEN (this proxy's credential from the console's Proxies page)
  --label K=V (repeatable): labels staged rollouts select this proxy by (canary=true, zone=eu-1)
  --join-token defaults to $SIGNALBOX_JOIN_TOKEN (one-time, from the Security page): the proxy joins, keeps its
    key and certificate in --state-dir and authenticates with them from then on
  --admin-host defaults to 127.0.0.1; any other address needs --admin-token (default $SIGNALBOX_PROXY_ADMIN_TOKEN)
  --id is required with --console; --config alone serves the file's only gateway
  without --listen the proxy listens on every port of its gateway's listeners (8080 when it has none);
    --port-map 80=18080,443=18443 binds a listener port to another local port (routes still see 80, 443)
  --workers auto (default): one worker process per core (os.availableParallelism(), at most 64); --workers 1: one
    process (a sidecar always runs one)
  --secrets-dir DIR: TLS secrets as <name>.crt, <name>.key, <name>.ca.crt (or <name>/tls.crt, tls.key, ca.crt)
  --sidecar-for reviews/v2 --app 9080: mesh mode; the app calls the outbound port (--outbound, default 15001) in
    plain HTTP, peers call the inbound port (--inbound, default 15006) with mTLS per PeerAuthentication`;

export type FlagsResult = { ok: true; flags: Flags } | { ok: false; error: string };

/** Parses argv (without node and script) and env. Never throws: errors come back as text for stderr. */
export function parseFlags(argv: string[], env: Readonly<Record<string, string | undefined>>): FlagsResult {
  let values: Record<string, string | undefined> & { label?: string[] };
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        console: { type: "string" },
        id: { type: "string" },
        listen: { type: "string" },
        "port-map": { type: "string" },
        "secrets-dir": { type: "string" },
        "sidecar-for": { type: "string" },
        inbound: { type: "string" },
        outbound: { type: "string" },
        app: { type: "string" },
        host: { type: "string" },
        gateway: { type: "string" },
        label: { type: "string", multiple: true },
        token: { type: "string" },
        "join-token": { type: "string" },
        "admin-port": { type: "string" },
        "admin-host": { type: "string" },
        "admin-token": { type: "string" },
        "state-dir": { type: "string" },
        config: { type: "string" },
        "drain-ms": { type: "string" },
        "log-level": { type: "string" },
        workers: { type: "string" },
        "max-header-bytes": { type: "string" },
        http2: { type: "string" },
        ...Object.fromEntries(Object.keys(HARDENING_FLAG_NAMES).map((k) => [k, { type: "string" as const }])),
      },
    }).values as Record<string, string | undefined> & { label?: string[] };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const parsed = FlagsSchema.safeParse({
    console: values.console,
    id: values.id,
    listen: values.listen,
    portMap: values["port-map"],
    secretsDir: values["secrets-dir"],
    sidecarFor: values["sidecar-for"],
    inbound: values.inbound,
    outbound: values.outbound,
    app: values.app,
    host: values.host,
    gateway: values.gateway,
    label: values.label,
    token: values.token ?? (env.SIGNALBOX_PROXY_TOKEN || undefined),
    joinToken: values["join-token"] ?? (env.SIGNALBOX_JOIN_TOKEN || undefined),
    adminPort: values["admin-port"],
    adminHost: values["admin-host"],
    adminToken: values["admin-token"] ?? (env.SIGNALBOX_PROXY_ADMIN_TOKEN || undefined),
    stateDir: values["state-dir"],
    config: values.config,
    drainMs: values["drain-ms"],
    logLevel: values["log-level"],
    workers: values.workers,
    maxHeaderBytes: values["max-header-bytes"],
    http2: values.http2,
    ...Object.fromEntries(Object.entries(HARDENING_FLAG_NAMES).map(([flag, key]) => [key, values[flag]])),
  });
  if (!parsed.success) {
    const flag = (p: PropertyKey | undefined) =>
      p === undefined ? "" : `--${String(p).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: `;
    const text = (m: string) => (m.endsWith("received undefined") ? "is required" : m);
    return { ok: false, error: parsed.error.issues.map((i) => `${flag(i.path[0])}${text(i.message)}`).join("\n") };
  }
  return { ok: true, flags: parsed.data };
}
