import "server-only";
import type { ChangePasswordRequest, User } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { badRequest, forbidden } from "@/lib/server/http/errors.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { deleteUserSessions } from "./session.ts";

/**
 * The signed-in user changes their own password: the current one is required (a borrowed session alone
 * cannot take the account over). Every other session of theirs ends; the one making the change stays.
 */
export async function changePassword(user: User, input: ChangePasswordRequest, keepSession: string | null) {
  const prisma = await getPrisma();
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  if (!(await verifyPassword(input.currentPassword, row.passwordHash)))
    throw forbidden("currentPassword: the current password is wrong");
  if (input.newPassword === input.currentPassword)
    throw badRequest("newPassword: must differ from the current password", [
      { path: ["newPassword"], message: "must differ from the current password" },
    ]);
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await deleteUserSessions(tx, user.id, keepSession ?? undefined);
    await audit(tx, {
      actorId: user.id,
      action: "user.password_changed",
      entityType: "user",
      entityId: user.id,
      details: { sessionsEnded: ended },
    });
  });
}

/** "Sign out everywhere": every session of the user ends, this one included. API tokens stay (revoke them apart). */
export async function signOutEverywhere(user: User): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    const ended = await deleteUserSessions(tx, user.id);
    await audit(tx, {
      actorId: user.id,
      action: "sessions.ended_all",
      entityType: "user",
      entityId: user.id,
      details: { sessionsEnded: ended },
    });
  });
}
