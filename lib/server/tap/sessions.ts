import "server-only";
import { TapFilterSchema, type CreateTapRequest, type TapSession, type TapSpec, type User } from "@/lib/core/index.ts";
import { CreateTapRequestSchema } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { conflict, forbidden, notFound } from "@/lib/server/http/errors.ts";

/** Open taps are read from the database at most this often per console (every metrics POST asks). */
const OPEN_TAPS_TTL_MS = 1_000;
/** Most taps open at once, over all consoles and users: each one costs every proxy a filter check per request. */
export const MAX_OPEN_TAPS = 20;

type Row = {
  id: string;
  filter: unknown;
  ratePerSecond: number;
  expiresAt: Date;
  createdBy: string;
  closedAt: Date | null;
};

const toSession = (r: Row): TapSession => ({
  id: r.id,
  filter: TapFilterSchema.parse(r.filter),
  ratePerSecond: r.ratePerSecond,
  expiresAt: r.expiresAt.toISOString(),
  createdBy: r.createdBy,
});

const g = globalThis as unknown as { __signalboxOpenTaps?: { at: number; specs: Promise<TapSpec[]> } };

export async function openTap(user: User, body: CreateTapRequest): Promise<TapSession> {
  const req = CreateTapRequestSchema.parse(body);
  const prisma = await getPrisma();
  const open = await prisma.tapSession.count({ where: { closedAt: null, expiresAt: { gt: new Date() } } });
  if (open >= MAX_OPEN_TAPS) throw conflict(`At most ${MAX_OPEN_TAPS} live taps may be open at once; close one first`);
  const row = await prisma.tapSession.create({
    data: {
      filter: req.filter,
      ratePerSecond: req.ratePerSecond,
      createdBy: user.username,
      expiresAt: new Date(Date.now() + req.durationSeconds * 1000),
    },
  });
  delete g.__signalboxOpenTaps; // this console's proxies hear of it on their next POST
  return toSession(row);
}

/** The tap, if `user` may watch or stop it: the one who opened it, or an admin. */
export async function tapOf(user: User, id: string): Promise<Row> {
  const prisma = await getPrisma();
  const row = await prisma.tapSession.findUnique({ where: { id } }).catch(() => null);
  if (!row) throw notFound(`No live tap ${id}`);
  if (row.createdBy !== user.username && user.role !== "ADMIN")
    throw forbidden("Only who opened a live tap (or an admin) may watch or stop it");
  return row;
}

export async function closeTap(id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.tapSession.updateMany({ where: { id, closedAt: null }, data: { closedAt: new Date() } });
  delete g.__signalboxOpenTaps;
}

/** Whether the tap still samples; `expired` or `closed` when it ended. */
export async function tapState(id: string): Promise<"open" | "expired" | "closed"> {
  const prisma = await getPrisma();
  const row = await prisma.tapSession.findUnique({ where: { id }, select: { closedAt: true, expiresAt: true } });
  if (!row || row.closedAt) return "closed";
  return row.expiresAt.getTime() <= Date.now() ? "expired" : "open";
}

/** The open taps as proxies are told about them, cached for a second. */
export function openTapSpecs(nowMs = Date.now()): Promise<TapSpec[]> {
  const cached = g.__signalboxOpenTaps;
  if (cached && nowMs - cached.at < OPEN_TAPS_TTL_MS) return cached.specs;
  const specs = (async () => {
    const prisma = await getPrisma();
    const rows = await prisma.tapSession.findMany({
      where: { closedAt: null, expiresAt: { gt: new Date(nowMs) } },
      orderBy: { createdAt: "asc" },
      take: MAX_OPEN_TAPS,
    });
    return rows.map((r) => ({
      id: r.id,
      filter: TapFilterSchema.parse(r.filter),
      ratePerSecond: r.ratePerSecond,
      until: r.expiresAt.getTime(),
    }));
  })();
  g.__signalboxOpenTaps = { at: nowMs, specs };
  specs.catch(() => {
    if (g.__signalboxOpenTaps?.specs === specs) delete g.__signalboxOpenTaps;
  });
  return specs;
}
