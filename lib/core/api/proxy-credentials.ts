import { z } from "zod";
import { NameSchema } from "../model/index.ts";
import { NodeIdSchema } from "../protocol/xds.ts";

/** A per-proxy credential as the console lists it: never the secret, which is shown once at creation. */
export const ProxyCredentialSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  /** Null: a proxy started without --gateway. */
  gateway: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ProxyCredential = z.infer<typeof ProxyCredentialSchema>;

export const ProxyCredentialListResponseSchema = z.object({ credentials: z.array(ProxyCredentialSchema) });
export type ProxyCredentialListResponse = z.infer<typeof ProxyCredentialListResponseSchema>;

export const CreateProxyCredentialRequestSchema = z.object({
  /** The --id the proxy runs with; it may poll, ACK, NACK and report only as this node. */
  nodeId: NodeIdSchema,
  /** The --gateway the proxy runs with; omitted or null: none. */
  gateway: NameSchema.nullable().optional(),
});
export type CreateProxyCredentialRequest = z.infer<typeof CreateProxyCredentialRequestSchema>;

/** The secret appears once, in this response; only its hash is stored. */
export const CreatedProxyCredentialResponseSchema = z.object({ credential: ProxyCredentialSchema, secret: z.string() });
export type CreatedProxyCredentialResponse = z.infer<typeof CreatedProxyCredentialResponseSchema>;
