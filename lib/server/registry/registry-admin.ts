import "server-only";
import type { Registration, RegistryInstanceView, User } from "@/lib/core/index.ts";
import { pokeChecks } from "./check-runner.ts";
import { listInstances } from "./registry-queries.ts";
import { registerInstance } from "./registry-store.ts";

/** A registration by a signed-in admin (Registry page, CLI): acts as the management token. */
export async function registerAsUser(
  user: User,
  reg: Registration,
  source: "cli" | "api",
): Promise<RegistryInstanceView> {
  await registerInstance(reg, { name: user.username, source, tokenId: null });
  if (reg.checks.some((c) => c.kind !== "ttl")) pokeChecks();
  const { instances } = await listInstances(reg.service);
  return instances.find((i) => i.id === reg.id)!;
}
