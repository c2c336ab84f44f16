import "server-only";
import {
  capRole,
  mayDelegate,
  type CreateUserRequest,
  type Role,
  type UpdateUserRequest,
  type User,
  type UserDetail,
} from "@/lib/core/api/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { conflict, notFound } from "@/lib/server/http/errors.ts";
import { hashPassword } from "./password.ts";
import { deleteUserSessions, toUser } from "./session.ts";

type Tx = Prisma.TransactionClient;
type Row = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  createdAt: Date;
  disabledAt: Date | null;
};

const toDetail = (r: Row): UserDetail => ({
  ...toUser(r),
  createdAt: r.createdAt.toISOString(),
  disabledAt: r.disabledAt?.toISOString() ?? null,
});

export async function listUsers(): Promise<UserDetail[]> {
  const prisma = await getPrisma();
  return (await prisma.user.findMany({ orderBy: { username: "asc" } })).map(toDetail);
}

/** Inside the caller's transaction: the user row and its audit entry commit together. */
export async function insertUser(tx: Tx, actorId: string | null, input: CreateUserRequest, via: string) {
  if (await tx.user.findUnique({ where: { username: input.username } }))
    throw conflict(`username: a user named ${input.username} already exists`);
  const row = await tx.user.create({
    data: {
      username: input.username,
      displayName: input.displayName || input.username,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
  });
  await audit(tx, {
    actorId: actorId ?? row.id,
    action: "user.created",
    entityType: "user",
    entityId: row.id,
    details: { username: row.username, role: row.role, via },
  });
  return row;
}

export async function createUser(admin: User, input: CreateUserRequest): Promise<UserDetail> {
  const prisma = await getPrisma();
  return toDetail(await prisma.$transaction((tx) => insertUser(tx, admin.id, input, "admin")));
}

/** A role that no longer covers the old one (ADMIN → EDITOR, EDITOR → APPROVER) takes rights away. */
const lowers = (from: Role, to: Role) => !mayDelegate(to, from);

/**
 * Applies an admin's edit. Disabling ends the user's sessions and revokes their API tokens; a lower role ends
 * their sessions and caps their tokens' roles; a password reset ends their sessions. The last active admin
 * can be neither disabled nor demoted, and nobody disables themselves.
 */
export async function updateUser(admin: User, id: string, input: UpdateUserRequest): Promise<UserDetail> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const row = await tx.user.findUnique({ where: { id } });
    if (!row) throw notFound(`User ${id} does not exist`);
    const from = row.role as Role;
    const to = input.role ?? from;
    const disable = input.disabled === true && !row.disabledAt;
    const enable = input.disabled === false && row.disabledAt !== null;
    if (disable && id === admin.id) throw conflict("disabled: you cannot disable yourself");
    if ((disable || (from === "ADMIN" && to !== "ADMIN")) && !row.disabledAt) await keepOneAdmin(tx, id);
    await tx.user.update({
      where: { id },
      data: {
        role: to,
        displayName: input.displayName,
        disabledAt: disable ? new Date() : enable ? null : undefined,
        passwordHash: input.password ? await hashPassword(input.password) : undefined,
      },
    });
    const ended = disable || lowers(from, to) || input.password ? await deleteUserSessions(tx, id) : 0;
    const tokens = disable ? await revokeAllTokens(tx, id) : lowers(from, to) ? await capTokens(tx, id, to) : 0;
    await audit(tx, {
      actorId: admin.id,
      action: "user.updated",
      entityType: "user",
      entityId: id,
      details: {
        username: row.username,
        ...(to !== from ? { role: { from, to } } : {}),
        ...(disable ? { disabled: true } : enable ? { disabled: false } : {}),
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.password ? { passwordReset: true } : {}),
        sessionsEnded: ended,
        tokensChanged: tokens,
      },
    });
    return toDetail((await tx.user.findUnique({ where: { id } }))!);
  });
}

async function keepOneAdmin(tx: Tx, leaving: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, NOT: { id: leaving } } });
  if (others === 0) throw conflict("The last active admin cannot be disabled or demoted: make another admin first");
}

async function revokeAllTokens(tx: Tx, userId: string): Promise<number> {
  return (await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

async function capTokens(tx: Tx, userId: string, owner: Role): Promise<number> {
  const tokens = await tx.apiToken.findMany({ where: { userId, revokedAt: null } });
  let changed = 0;
  for (const t of tokens) {
    const role = capRole(t.role as Role, owner);
    if (role === t.role) continue;
    await tx.apiToken.update({ where: { id: t.id }, data: { role } });
    changed++;
  }
  return changed;
}
