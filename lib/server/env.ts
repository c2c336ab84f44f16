import "server-only";
import { z } from "zod";

/** Server configuration, parsed once at boot so a typo fails loudly instead of misbehaving later. */
const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  SIGNALBOX_DATA_DIR: z.string().min(1).optional(),
  /** The address the console listens on, as the launchers pass it to `next start -H` (see lib/server/exposure.ts). */
  SIGNALBOX_BIND_HOST: z.string().min(1).optional(),
  /** Shared secret proxies present as `Authorization: Bearer …`. */
  SIGNALBOX_PROXY_TOKEN: z.string().min(8, "must be at least 8 characters").default("signalbox-dev-proxy-token"),
  /** Longest a snapshot long-poll is held before answering 304, in ms. */
  SIGNALBOX_POLL_WAIT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** demo: users and the Bookinfo mesh into an empty database; users: only the users; none: nothing. */
  SIGNALBOX_SEED: z.enum(["demo", "users", "none"]).default("demo"),
  SIGNALBOX_DEMO_BASE_PORT: z.coerce.number().int().min(1).max(65000).default(19100),
  SIGNALBOX_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
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
