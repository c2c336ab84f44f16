import "server-only";
import type { Role } from "@/lib/core/index.ts";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { DEMO_REGISTRY_TOKEN, DEMO_REGISTRY_TOKEN_NAME } from "@/lib/core/demo/registry.ts";
import { createRegistryToken } from "@/lib/server/registry/registry-tokens.ts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/server/auth/password.ts";
import { publishMesh } from "@/lib/server/config/publish.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { seedMode } from "@/lib/server/seed-mode.ts";

/** The demo users; `npm start` prints them and the README lists them. Change them outside a demo. */
const DEMO_USERS: { username: string; password: string; displayName: string; role: Role }[] = [
  { username: "alice", password: "alice-editor-pw", displayName: "Alice (editor)", role: "EDITOR" },
  { username: "bob", password: "bob-approver-pw", displayName: "Bob (approver)", role: "APPROVER" },
  { username: "carol", password: "carol-admin-pw", displayName: "Carol (admin)", role: "ADMIN" },
  { username: "victor", password: "victor-viewer-pw", displayName: "Victor (viewer)", role: "VIEWER" },
];

/**
 * Whether the login page may list the demo accounts: the demo seed is on and its admin exists. (Whether the
 * passwords still are the published ones is not checked: that would cost four password hashes per page view.)
 */
export async function demoUsersListed(): Promise<boolean> {
  if (seedMode() === "none") return false;
  const prisma = await getPrisma();
  return (await prisma.user.count({ where: { username: { in: DEMO_USERS.map((u) => u.username) } } })) > 0;
}

/** Idempotent: users are created only in an empty user table, the demo mesh only when no version exists. */
export async function seedDemo(
  prisma: PrismaClient,
  opts: { basePort: number; mesh: boolean; sidecars?: boolean },
): Promise<void> {
  if ((await prisma.user.count()) === 0) {
    for (const u of DEMO_USERS) {
      await prisma.user.create({
        data: {
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          passwordHash: await hashPassword(u.password),
        },
      });
    }
  }
  if (opts.mesh && (await prisma.configVersion.count()) === 0) {
    await prisma.$transaction(async (tx) => {
      await audit(tx, { actorId: null, action: "demo.seeded", entityType: "config_version", entityId: "1" });
      await publishMesh(tx, bookinfoMesh({ basePort: opts.basePort, sidecars: opts.sidecars }), {
        actorId: null,
        changeSetId: null,
      });
    });
  }
  // The demo upstreams register themselves with this token (scripts/demo/register.ts).
  if (opts.mesh && (await prisma.registryToken.count()) === 0) {
    const services = bookinfoMesh().services.map((s) => s.name);
    await createRegistryToken(
      { id: null, username: "demo seed" },
      { name: DEMO_REGISTRY_TOKEN_NAME, services },
      DEMO_REGISTRY_TOKEN,
    );
  }
}
