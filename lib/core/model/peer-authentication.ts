import { z } from "zod";
import { LabelsSchema, NameSchema } from "./names.ts";
import { PolicyNamespaceSchema } from "./authorization.ts";
import { DEFAULT_NAMESPACE } from "./namespace.ts";

/**
 * Istio's security.istio.io/v1 PeerAuthentication: which mTLS mode a workload's inbound side takes. Compiled per
 * cluster (lib/core/compile/peer-authentication.ts) and enforced by the sidecar's inbound listener (proxy/sidecar/).
 */
export const MtlsModeSchema = z.enum(["UNSET", "DISABLE", "PERMISSIVE", "STRICT"]);
export type MtlsMode = z.infer<typeof MtlsModeSchema>;

export const PeerAuthenticationSchema = z.object({
  name: NameSchema,
  namespace: PolicyNamespaceSchema.default(DEFAULT_NAMESPACE),
  selector: z.object({ matchLabels: LabelsSchema.default({}) }).optional(),
  mtls: z.object({ mode: MtlsModeSchema.default("UNSET") }).optional(),
  /** Port number (as a string, Istio's map key) → mode; needs a selector, as in Istio. */
  portLevelMtls: z
    .record(z.string().regex(/^[0-9]{1,5}$/, "must be a port number"), z.object({ mode: MtlsModeSchema }))
    .optional(),
});
export type PeerAuthentication = z.infer<typeof PeerAuthenticationSchema>;
