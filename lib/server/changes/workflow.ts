import "server-only";
import type { MeshConfig } from "@/lib/core/index.ts";
import { API_ERRORS, type ChangeDetail, type User } from "@/lib/core/api/index.ts";
import { MeshConfigSchema, canonicalJson, emptyMesh } from "@/lib/core/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { meshInNameOrder } from "@/lib/core/select/name-order.ts";
import { loadRunningMesh, rememberRunningMesh } from "@/lib/server/config/running-mesh.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { lockPublishing, publishMesh } from "@/lib/server/config/publish.ts";
import { touchedRoutes, type RolloutPlan } from "@/lib/core/rollout/index.ts";
import { activeCanaryOn } from "@/lib/server/canaries/canary-store.ts";
import { defaultRolloutPlan } from "@/lib/server/rollouts/default-plan.ts";
import { assertNoActiveRollout, startRollout } from "@/lib/server/rollouts/staged-rollout.ts";
import { signalVersion } from "@/lib/server/rollouts/targets.ts";
import { badRequest, conflict, forbidden, HttpError, notFound } from "@/lib/server/http/errors.ts";
import { CHANGE_INCLUDE, semanticIssues, toDetail, toSummary, type ChangeRow } from "./change-view.ts";

type Tx = Prisma.TransactionClient;
const json = (mesh: MeshConfig) => mesh as unknown as Prisma.InputJsonValue;

async function running(db: Tx): Promise<{ version: number; mesh: MeshConfig }> {
  const { version, mesh } = await loadRunningMesh(db);
  return { version, mesh };
}

async function findChange(db: Tx, id: string): Promise<ChangeRow> {
  const row = await db.changeSet.findUnique({ where: { id }, include: CHANGE_INCLUDE });
  if (!row) throw notFound(`Change ${id} does not exist`);
  return row as ChangeRow;
}

/** Detail of a change, diffed against what it changes: the running mesh, or its predecessor once rolled out. */
export async function changeDetail(db: Tx, id: string): Promise<ChangeDetail> {
  const row = await findChange(db, id);
  const now = await running(db);
  const produced = row.configVersion?.version;
  let base = now.mesh;
  if (produced !== undefined) {
    const prev = await db.configVersion.findUnique({ where: { version: produced - 1 }, select: { mesh: true } });
    base = prev ? MeshConfigSchema.parse(prev.mesh) : emptyMesh();
  }
  return toDetail(row, base, now.version);
}

/** A proposal with semantic errors is refused with 400 naming each field, so nothing invalid is stored. */
function refuseInvalid(mesh: MeshConfig, what: string): void {
  refuseIssues(semanticIssues(mesh), what);
}

function refuseIssues(found: ChangeDetail["issues"], what: string): void {
  const errors = found.filter((i) => i.severity === "error");
  if (errors.length > 0) {
    const issues = errors.map((i) => ({ ...i, path: ["proposed", ...i.path] }));
    throw badRequest(`${what}: ${issues[0]!.path.join(".")}: ${issues[0]!.message}`, issues, API_ERRORS.INVALID_CONFIG);
  }
}

export interface NewChange {
  title: string;
  description: string;
  proposed?: MeshConfig;
}

/**
 * Inserts a draft inside the caller's transaction. `base` is the running version and mesh the proposal was
 * made from; read them together (an import merges into the mesh it read, so its base must be that version).
 */
export async function insertChange(
  tx: Tx,
  user: User,
  input: NewChange,
  base: { version: number; mesh: MeshConfig },
): Promise<string> {
  const row = await tx.changeSet.create({
    data: {
      title: input.title,
      description: input.description,
      authorId: user.id,
      baseVersion: base.version,
      proposed: json(input.proposed ?? base.mesh),
    },
  });
  await audit(tx, { actorId: user.id, action: "change.created", entityType: "change_set", entityId: row.id });
  return row.id;
}

/** The running version and its mesh, read under the publish lock so that they belong together. */
export async function runningUnderLock(tx: Tx): Promise<{ version: number; mesh: MeshConfig }> {
  await lockPublishing(tx);
  return running(tx);
}

export async function createChange(user: User, input: NewChange) {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    if (input.proposed) refuseInvalid(input.proposed, "The proposed config is invalid");
    const id = await insertChange(tx, user, input, await runningUnderLock(tx));
    return changeDetail(tx, id);
  });
}

/**
 * The caller's open draft, created from the running config when there is none. A draft its author never
 * edited (still equal to the version it was based on) follows the running config instead of going stale:
 * only a draft with edits can conflict with someone else's rollout.
 */
export async function currentDraft(user: User): Promise<ChangeDetail> {
  const prisma = await getPrisma();
  const existing = await prisma.changeSet.findFirst({
    where: { authorId: user.id, status: "DRAFT" },
    orderBy: { updatedAt: "desc" },
    select: { id: true },
  });
  if (!existing) return createChange(user, { title: `Draft by ${user.username}`, description: "" });
  return prisma.$transaction(async (tx) => {
    const row = await findChange(tx, existing.id);
    const now = await running(tx);
    if (row.status === "DRAFT" && row.baseVersion < now.version && (await unedited(tx, row))) {
      await tx.changeSet.update({
        where: { id: row.id },
        data: { baseVersion: now.version, proposed: json(now.mesh), revision: { increment: 1 } },
      });
      await audit(tx, {
        actorId: user.id,
        action: "change.rebased",
        entityType: "change_set",
        entityId: row.id,
        details: { from: row.baseVersion, to: now.version },
      });
    }
    return changeDetail(tx, row.id);
  });
}

/** The change still proposes exactly the config of the version it was based on. */
async function unedited(db: Tx, row: ChangeRow): Promise<boolean> {
  const base =
    row.baseVersion === 0
      ? null
      : await db.configVersion.findUnique({ where: { version: row.baseVersion }, select: { mesh: true } });
  const baseMesh = base ? MeshConfigSchema.parse(base.mesh) : emptyMesh();
  // Byte equality of canonical JSON, not diffMesh: a false "edited" only leaves the draft stale, a false
  // "unedited" would overwrite the author's work. Both sides in the normalized tables' order (by name),
  // because a stored version keeps the order its change was written in while a fresh draft is read back sorted.
  return (
    canonicalJson(meshInNameOrder(baseMesh)) === canonicalJson(meshInNameOrder(MeshConfigSchema.parse(row.proposed)))
  );
}

function assertAuthor(row: ChangeRow, user: User, verb: string): void {
  if (row.author.id !== user.id) throw forbidden(`Only the author (${row.author.username}) may ${verb} this change`);
}

function assertStatus(row: ChangeRow, allowed: ChangeRow["status"][], verb: string): void {
  if (!allowed.includes(row.status)) throw conflict(`Cannot ${verb} a change that is ${row.status}`);
}

/**
 * Optimistic concurrency: the update names the revision it was made from, and a draft saved since (another tab,
 * the CLI, a rebase) refuses it with 409 STALE_REVISION instead of silently losing that other edit.
 */
export async function updateChange(
  user: User,
  id: string,
  input: { revision: number; title?: string; description?: string; proposed?: MeshConfig },
): Promise<ChangeDetail> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await findChange(tx, id);
    assertAuthor(row, user, "edit");
    assertStatus(row, ["DRAFT"], "edit");
    if (input.proposed) refuseInvalid(input.proposed, "The proposed config is invalid");
    const updated = await tx.changeSet.updateMany({
      where: { id, revision: input.revision, status: "DRAFT" },
      data: {
        title: input.title,
        description: input.description,
        proposed: input.proposed ? json(input.proposed) : undefined,
        revision: { increment: 1 },
      },
    });
    if (updated.count === 0) {
      const current = (await findChange(tx, id)).revision;
      throw new HttpError(
        API_ERRORS.STALE_REVISION,
        `The draft was changed elsewhere (revision ${current}, this edit is based on ${input.revision}): reload it or overwrite`,
        [{ path: ["revision"], message: `the draft is at revision ${current}` }],
      );
    }
    await audit(tx, { actorId: user.id, action: "change.updated", entityType: "change_set", entityId: id });
    return changeDetail(tx, id);
  });
}

export async function submitChange(user: User, id: string): Promise<ChangeDetail> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await findChange(tx, id);
    assertAuthor(row, user, "submit");
    assertStatus(row, ["DRAFT"], "submit");
    const detail = await changeDetail(tx, id);
    refuseInvalid(detail.proposed, "The change cannot be submitted");
    if (detail.diff.length === 0)
      throw badRequest(
        "The change has no differences from the running config",
        [{ path: ["proposed"], message: "no differences" }],
        API_ERRORS.EMPTY_CHANGE,
      );
    await tx.changeSet.update({ where: { id }, data: { status: "PENDING", submittedAt: new Date() } });
    await audit(tx, { actorId: user.id, action: "change.submitted", entityType: "change_set", entityId: id });
    return changeDetail(tx, id);
  });
}

export async function discardChange(user: User, id: string): Promise<ChangeDetail> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await findChange(tx, id);
    assertAuthor(row, user, "discard");
    assertStatus(row, ["DRAFT", "PENDING"], "discard");
    await tx.changeSet.update({
      where: { id },
      data: { status: "DISCARDED", decidedAt: new Date(), decisionNote: null },
    });
    await audit(tx, { actorId: user.id, action: "change.discarded", entityType: "change_set", entityId: id });
    return changeDetail(tx, id);
  });
}

function assertReviewer(row: ChangeRow, user: User, verb: string): void {
  if (row.author.id === user.id) throw forbidden(`You cannot ${verb} your own change: another approver must review it`);
}

export async function rejectChange(user: User, id: string, note: string): Promise<ChangeDetail> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await findChange(tx, id);
    assertReviewer(row, user, "reject");
    assertStatus(row, ["PENDING"], "reject");
    await tx.changeSet.update({
      where: { id },
      data: { status: "REJECTED", approverId: user.id, decidedAt: new Date(), decisionNote: note || null },
    });
    await audit(tx, {
      actorId: user.id,
      action: "change.rejected",
      entityType: "change_set",
      entityId: id,
      details: { note },
    });
    return changeDetail(tx, id);
  });
}

/**
 * Approval compiles and publishes in one transaction: either the version exists and its rollout (by `plan`, else
 * the console's default) has begun, or nothing changed. Refused while another version is still in a staged rollout,
 * and when the change touches a route under an active canary (409 naming both).
 */
export async function approveChange(user: User, id: string, note: string, plan?: RolloutPlan): Promise<ChangeDetail> {
  const prisma = await getPrisma();
  const result = await prisma.$transaction(
    async (tx) => {
      // First the lock, then every check: a concurrent approval (of this change or of another one based on the
      // same version) has either committed by now — and is seen below — or waits until this one has.
      await lockPublishing(tx);
      const row = await findChange(tx, id);
      assertReviewer(row, user, "approve");
      assertStatus(row, ["PENDING"], "approve");
      // One read of the running mesh, one parse, validation and diff of the proposal serve every step below and
      // the answer (a 500-service mesh made each of them cost 20–200 ms, several times over).
      const base = await running(tx);
      const detail = toDetail(row, base.mesh, base.version);
      refuseIssues(detail.issues, "The change cannot be approved");
      if (detail.stale) {
        throw conflict(
          `This change was based on version ${row.baseVersion}, but a newer version is running; the author must recreate it`,
        );
      }
      await assertNoActiveRollout(tx);
      await refuseCanaryRoutes(tx, touchedRoutes(base.mesh, detail.proposed));
      const now = new Date();
      await tx.changeSet.update({
        where: { id },
        data: { status: "APPROVED", approverId: user.id, decidedAt: now, decisionNote: note || null },
      });
      await audit(tx, {
        actorId: user.id,
        action: "change.approved",
        entityType: "change_set",
        entityId: id,
        details: { note },
      });
      const published = await publishMesh(tx, detail.proposed, { actorId: user.id, changeSetId: id });
      const chosen = plan ?? (await defaultRolloutPlan(tx)).defaultPlan;
      await startRollout(
        tx,
        { version: published.version, before: base.mesh, after: detail.proposed },
        chosen,
        user.id,
      );
      await tx.changeSet.update({ where: { id }, data: { status: "ROLLED_OUT", rolledOutAt: new Date() } });
      // What changeDetail would answer now: the diff against the version before this one, which is `base`.
      const rolledOut = await findChange(tx, id);
      return { published, detail: { ...detail, ...toSummary(rolledOut), stale: false } };
    },
    { timeout: 20_000 },
  );
  rememberRunningMesh(result.published, result.detail.proposed);
  await signalVersion(result.published.version);
  return result.detail;
}

/**
 * A route under an active canary belongs to the canary until it is promoted or aborted: a manual change to it is
 * refused (not queued, not pausing the canary), so no step ever overwrites a reviewed edit or the other way round.
 */
async function refuseCanaryRoutes(tx: Tx, routes: string[]): Promise<void> {
  const canary = await activeCanaryOn(tx, routes);
  if (canary)
    throw conflict(
      `Route ${canary.route} is under canary ${canary.id} (${canary.state.toLowerCase()}): promote or abort the canary before changing the route`,
    );
}
