import "server-only";
import type { CanaryView, User } from "@/lib/core/api/index.ts";
import { API_ERRORS } from "@/lib/core/api/index.ts";
import {
  CanaryEventSchema,
  CanarySpecSchema,
  stepDestinations,
  type CanaryEvent,
  type CanarySpec,
} from "@/lib/core/canary/index.ts";
import { DestinationSchema, type Destination } from "@/lib/core/model/index.ts";
import { Prisma } from "@/lib/generated/prisma/client";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadRunningMesh } from "@/lib/server/config/running-mesh.ts";
import { badRequest, conflict, forbidden, notFound } from "@/lib/server/http/errors.ts";
import { assertNoActiveRollout } from "@/lib/server/rollouts/staged-rollout.ts";
import { signalVersion } from "@/lib/server/rollouts/targets.ts";
import { publishCanaryWeights } from "./canary-steps.ts";

type Tx = Prisma.TransactionClient;
export type CanaryRow = NonNullable<Awaited<ReturnType<Tx["canary"]["findUnique"]>>>;

export const specOf = (row: CanaryRow): CanarySpec => CanarySpecSchema.parse(row.spec);
const eventsOf = (row: CanaryRow): CanaryEvent[] => CanaryEventSchema.array().parse(row.events);
export const startWeightsOf = (row: CanaryRow): Destination[] => DestinationSchema.array().parse(row.startWeights);

export const event = (
  kind: CanaryEvent["kind"],
  message: string,
  extra: { weight?: number; version?: number } = {},
): CanaryEvent => ({
  at: new Date().toISOString(),
  kind,
  message,
  weight: extra.weight ?? null,
  version: extra.version ?? null,
});

export const appendEvents = (row: CanaryRow, ...more: CanaryEvent[]) =>
  [...eventsOf(row), ...more] as unknown as Prisma.InputJsonValue;

/** The service the canary's rule routes to: the one named by its destinations. */
export function serviceOf(row: CanaryRow): string {
  return startWeightsOf(row)[0]!.service;
}

export async function toView(db: Tx, row: CanaryRow): Promise<CanaryView> {
  const ids = [row.authorId, ...(row.approverId ? [row.approverId] : [])];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })).map((u) => [
      u.id,
      u.username,
    ]),
  );
  const spec = specOf(row);
  return {
    id: row.id,
    spec,
    state: row.state as CanaryView["state"],
    stepIndex: row.stepIndex,
    weight: row.state === "PROMOTED" ? 100 : row.stepIndex >= 0 ? spec.steps[row.stepIndex]! : 0,
    failures: row.failures,
    reason: row.reason,
    events: eventsOf(row),
    author: users.get(row.authorId) ?? row.authorId,
    approver: row.approverId ? (users.get(row.approverId) ?? row.approverId) : null,
    nextCheckAt: row.nextCheckAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findCanary(db: Tx, id: string): Promise<CanaryRow> {
  const row = await db.canary.findUnique({ where: { id } });
  if (!row) throw notFound(`Canary ${id} does not exist`);
  return row;
}

const field = (path: string, message: string) =>
  badRequest(`${path}: ${message}`, [{ path: [path], message }], API_ERRORS.INVALID_BODY);

/** The rule's current destinations, after checking that the route, the rule and both versions exist. */
async function startingPoint(db: Tx, spec: CanarySpec): Promise<Destination[]> {
  const { mesh } = await loadRunningMesh(db);
  const route = mesh.routes.find((r) => r.name === spec.route);
  if (!route) throw field("route", `no route named ${spec.route} is running`);
  const rule = route.rules[spec.ruleIndex];
  if (!rule) throw field("ruleIndex", `route ${spec.route} has ${route.rules.length} rule(s)`);
  const services = [...new Set(rule.destinations.map((d) => d.service))];
  if (services.length !== 1)
    throw field("ruleIndex", `the rule must route to exactly one service (it routes to ${services.length})`);
  const service = mesh.services.find((s) => s.name === services[0]);
  const versions = new Set(service?.versions.map((v) => v.name) ?? []);
  if (!versions.has(spec.stable)) throw field("stable", `service ${services[0]} has no version ${spec.stable}`);
  if (!versions.has(spec.canary)) throw field("canary", `service ${services[0]} has no version ${spec.canary}`);
  return rule.destinations;
}

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/** Proposes a canary (PENDING): it starts only once another approver approves it. One active canary per route. */
export async function createCanary(user: User, spec: CanarySpec): Promise<CanaryView> {
  const db = await getPrisma();
  try {
    return await db.$transaction(async (tx) => {
      const start = await startingPoint(tx, spec);
      const row = await tx.canary.create({
        data: {
          route: spec.route,
          ruleIndex: spec.ruleIndex,
          activeRoute: spec.route,
          spec: spec as unknown as Prisma.InputJsonValue,
          state: "PENDING",
          startWeights: start as unknown as Prisma.InputJsonValue,
          authorId: user.id,
          events: [event("created", `proposed by ${user.username}: ${spec.stable} → ${spec.canary}`)],
        },
      });
      await audit(tx, { actorId: user.id, action: "canary.created", entityType: "canary", entityId: row.id });
      return toView(tx, row);
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const active = await db.canary.findUnique({ where: { activeRoute: spec.route } });
    throw conflict(`Route ${spec.route} already has an active canary (${active?.id ?? "unknown"}, ${active?.state})`);
  }
}

export async function listCanaries(): Promise<CanaryView[]> {
  const db = await getPrisma();
  const rows = await db.canary.findMany({ orderBy: { createdAt: "desc" }, take: 50 });
  return Promise.all(rows.map((r) => toView(db, r)));
}

export async function getCanary(id: string): Promise<CanaryView> {
  const db = await getPrisma();
  return toView(db, await findCanary(db, id));
}

const assertState = (row: CanaryRow, allowed: string[], verb: string) => {
  if (!allowed.includes(row.state)) throw conflict(`Cannot ${verb} a canary that is ${row.state}`);
};

/** Runs one operator action in a transaction, then wakes the polls for the version it published (if any). */
async function act(id: string, fn: (tx: Tx, row: CanaryRow) => Promise<number | null>): Promise<CanaryView> {
  const db = await getPrisma();
  const published = await db.$transaction(async (tx) => fn(tx, await findCanary(tx, id)), { timeout: 20_000 });
  if (published !== null) await signalVersion(published);
  return getCanary(id);
}

/** Approval by someone other than the author starts the canary: its first step is published at once. */
export function approveCanary(user: User, id: string, note: string): Promise<CanaryView> {
  return act(id, async (tx, row) => {
    if (row.authorId === user.id)
      throw forbidden("You cannot approve your own canary: another approver must review it");
    assertState(row, ["PENDING"], "approve");
    await assertNoActiveRollout(tx);
    const spec = specOf(row);
    const weight = spec.steps[0]!;
    const ref = { id, route: row.route, ruleIndex: row.ruleIndex, approverId: user.id };
    const version = await publishCanaryWeights(tx, ref, stepDestinations(spec, serviceOf(row), weight), {
      kind: "step",
      weight,
    });
    await tx.canary.update({
      where: { id },
      data: {
        state: "RUNNING",
        approverId: user.id,
        stepIndex: 0,
        nextCheckAt: new Date(Date.now() + spec.intervalSeconds * 1000),
        events: appendEvents(
          row,
          event("approved", `approved by ${user.username}${note ? `: ${note}` : ""}`),
          event("step", `canary at ${weight}%`, { weight, version }),
        ),
      },
    });
    await audit(tx, {
      actorId: user.id,
      action: "canary.approved",
      entityType: "canary",
      entityId: id,
      details: { note },
    });
    return version;
  });
}

export function pauseCanary(user: User, id: string, note: string): Promise<CanaryView> {
  return act(id, async (tx, row) => {
    assertState(row, ["RUNNING"], "pause");
    await tx.canary.update({
      where: { id },
      data: {
        state: "PAUSED",
        nextCheckAt: null,
        events: appendEvents(row, event("paused", `paused by ${user.username}${note ? `: ${note}` : ""}`)),
      },
    });
    await audit(tx, {
      actorId: user.id,
      action: "canary.paused",
      entityType: "canary",
      entityId: id,
      details: { note },
    });
    return null;
  });
}

export function resumeCanary(user: User, id: string, note: string): Promise<CanaryView> {
  return act(id, async (tx, row) => {
    assertState(row, ["PAUSED"], "resume");
    const spec = specOf(row);
    await tx.canary.update({
      where: { id },
      data: {
        state: "RUNNING",
        nextCheckAt: new Date(Date.now() + spec.intervalSeconds * 1000),
        events: appendEvents(row, event("resumed", `resumed by ${user.username}${note ? `: ${note}` : ""}`)),
      },
    });
    await audit(tx, {
      actorId: user.id,
      action: "canary.resumed",
      entityType: "canary",
      entityId: id,
      details: { note },
    });
    return null;
  });
}

/** Ends a canary: PROMOTED sends the rule to the canary version, the others restore the starting weights. */
export async function finishCanary(
  tx: Tx,
  row: CanaryRow,
  end: {
    state: "PROMOTED" | "ROLLED_BACK" | "ABORTED";
    reason: string | null;
    actorId: string | null;
    message: string;
  },
): Promise<number> {
  const spec = specOf(row);
  const promote = end.state === "PROMOTED";
  const to = promote ? stepDestinations(spec, serviceOf(row), 100) : startWeightsOf(row);
  const ref = { id: row.id, route: row.route, ruleIndex: row.ruleIndex, approverId: row.approverId };
  const kind = promote ? "promoted" : end.state === "ROLLED_BACK" ? "rolled-back" : "aborted";
  const version = await publishCanaryWeights(tx, ref, to, {
    kind: kind.replace("-", "_"),
    weight: promote ? 100 : 0,
    actorId: end.actorId ?? row.approverId,
  });
  await tx.canary.update({
    where: { id: row.id },
    data: {
      state: end.state,
      activeRoute: null,
      reason: end.reason,
      nextCheckAt: null,
      leaseOwner: null,
      leaseUntil: null,
      events: appendEvents(row, event(kind, end.message, { weight: promote ? 100 : 0, version })),
    },
  });
  return version;
}

export function promoteCanary(user: User, id: string, note: string): Promise<CanaryView> {
  return act(id, async (tx, row) => {
    assertState(row, ["RUNNING", "PAUSED"], "promote");
    await assertNoActiveRollout(tx);
    return finishCanary(tx, row, {
      state: "PROMOTED",
      reason: null,
      actorId: user.id,
      message: `promoted by ${user.username}${note ? `: ${note}` : ""}`,
    });
  });
}

export function abortCanary(user: User, id: string, note: string): Promise<CanaryView> {
  return act(id, async (tx, row) => {
    assertState(row, ["PENDING", "RUNNING", "PAUSED"], "abort");
    const message = `aborted by ${user.username}${note ? `: ${note}` : ""}`;
    if (row.state === "PENDING") {
      await tx.canary.update({
        where: { id },
        data: {
          state: "ABORTED",
          activeRoute: null,
          reason: message,
          events: appendEvents(row, event("aborted", message)),
        },
      });
      return null;
    }
    // Restoring the starting weights publishes a version, and during a staged rollout that version would give the
    // staged change to the whole fleet unbaked. The operator pauses the canary (no more steps; its weights stay)
    // and aborts it once the rollout has ended, or aborts the rollout first.
    await assertNoActiveRollout(tx, "; meanwhile pause the canary (its weights stay where they are)");
    return finishCanary(tx, row, { state: "ABORTED", reason: message, actorId: user.id, message });
  });
}

/** The active canary on `route`, if any (a manual change to it is refused while one runs). */
export async function activeCanaryOn(db: Tx, routes: readonly string[]): Promise<CanaryRow | null> {
  if (routes.length === 0) return null;
  return db.canary.findFirst({ where: { activeRoute: { in: [...routes] } } });
}
