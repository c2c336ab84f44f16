import { z } from "zod";
import { MeshConfigSchema } from "@/lib/core/index.ts";
import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { badRequest, notFound } from "@/lib/server/http/errors.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { createChange } from "@/lib/server/changes/workflow.ts";

const VersionParam = z.coerce.number().int().min(1);

/** A rollback is an ordinary change proposing an old version's config: it is reviewed like any other. */
export const POST = handle(operations.rollback, async ({ params, user }) => {
  const version = VersionParam.safeParse(params.version);
  if (!version.success)
    throw badRequest("version: must be a positive integer", [
      { path: ["version"], message: "must be a positive integer" },
    ]);
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findUnique({ where: { version: version.data }, select: { mesh: true } });
  if (!row) throw notFound(`Config version ${version.data} does not exist`);
  const change = await createChange(user, {
    title: `Roll back to version ${version.data}`,
    description: "",
    proposed: MeshConfigSchema.parse(row.mesh),
  });
  return { changeId: change.id };
});
