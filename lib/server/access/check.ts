import "server-only";
import type { AccessCheckRequest, AccessCheckResponse, User } from "@/lib/core/api/index.ts";
import { checkAccess } from "@/lib/core/authz/index.ts";
import { notFound } from "@/lib/server/http/errors.ts";
import { draftConfig, publishedConfig } from "@/lib/server/simulate/simulate.ts";

/** POST /api/access/check: the dry run on the snapshot proxies run, or on the caller's draft compiled to one. */
export async function accessCheck(user: User, input: AccessCheckRequest): Promise<AccessCheckResponse> {
  const { config, info } = input.source === "draft" ? await draftConfig(user) : await publishedConfig();
  const results = checkAccess(config, input);
  if (results === null)
    throw notFound(
      `No ${input.target.kind} ${input.target.name}${input.target.version ? `/${input.target.version}` : ""} in this config`,
    );
  return { config: { source: info.source, version: info.version, hash: info.hash }, results };
}
