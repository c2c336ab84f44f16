import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";

type Db = Prisma.TransactionClient;

/**
 * Failed sign-ins are counted per user name and per client address, in the database so that every console
 * instance behind a load balancer shares the counts. After `free` failures within WINDOW each further one
 * blocks that key for a delay that doubles (1 s, 2 s, 4 s … up to 15 min): slow for a guesser, never a
 * permanent lock-out of the real user. A blocked attempt is refused with 429 before the password is checked.
 */
const WINDOW_MS = 15 * 60_000;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15 * 60_000;

export const THROTTLE = {
  user: { free: 5 },
  address: { free: 20 },
} as const;

export interface ThrottleKey {
  key: string;
  free: number;
}

export const throttleKeys = (username: string, address: string): ThrottleKey[] => [
  { key: `user:${username.toLowerCase()}`, free: THROTTLE.user.free },
  { key: `addr:${address}`, free: THROTTLE.address.free },
];

/** Seconds until the most blocked of `keys` may try again; 0 when none is blocked. */
export async function retryAfterSeconds(keys: ThrottleKey[]): Promise<number> {
  const prisma = await getPrisma();
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil.getTime()));
  return Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(30, failures - free));
}

/** Counts one failure against each key (atomically, so parallel guesses are all counted). */
export async function recordFailure(keys: ThrottleKey[], db?: Db): Promise<void> {
  const prisma = db ?? (await getPrisma());
  const now = new Date();
  // Prisma keeps timestamps as UTC wall time in `timestamp` columns; ISO text cast the same way matches them.
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  for (const { key, free } of keys) {
    const [row] = await prisma.$queryRaw<{ failures: number }[]>`
      INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until)
      VALUES (${key}, 1, ${at}::timestamp(3), ${at}::timestamp(3))
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.last_failure_at > ${windowStart}::timestamp(3)
          THEN login_throttle.failures + 1 ELSE 1 END,
        last_failure_at = ${at}::timestamp(3)
      RETURNING failures`;
    const blockedUntil = new Date(now.getTime() + delayAfter(row?.failures ?? 1, free));
    await prisma.loginThrottle.update({ where: { key }, data: { blockedUntil } });
  }
}

/** A successful sign-in clears the user name's count (not the address's: one valid account must not reset it). */
export async function clearFailures(key: ThrottleKey): Promise<void> {
  const prisma = await getPrisma();
  await prisma.loginThrottle.deleteMany({ where: { key: key.key } });
}
