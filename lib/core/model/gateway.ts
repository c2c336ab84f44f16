import { z } from "zod";
import { HostSchema, NameSchema, PortSchema } from "./names.ts";
import { LabelSelectorSchema, NamespaceSchema } from "./namespace.ts";
import { ServerTlsSchema } from "./tls.ts";

/**
 * Which routes may attach to a listener (Gateway API `allowedRoutes`): routes of the gateway's namespace (`Same`),
 * of every namespace (`All`) or of the namespaces whose labels (MeshConfig `namespaces`) match `selector`; and, when
 * `kinds` is set, only routes of those kinds (`HTTPRoute` for Gateway API routes, `VirtualService` for Istio ones).
 * A route its parentRef would attach through a listener that does not allow it does not attach there (SB311).
 */
export const AllowedRoutesSchema = z.object({
  from: z.enum(["Same", "All", "Selector"]).default("Same"),
  selector: LabelSelectorSchema.optional(),
  kinds: z.array(z.string().min(1).max(63)).optional(),
});
export type AllowedRoutes = z.infer<typeof AllowedRoutesSchema>;

export const ListenerSchema = z.object({
  name: NameSchema,
  port: PortSchema,
  protocol: z.enum(["HTTP", "HTTPS"]).default("HTTP"),
  hosts: z.array(HostSchema).min(1, "a listener serves at least one host (use * for any)"),
  /** HTTPS listeners terminate TLS with these settings. */
  tls: ServerTlsSchema.optional(),
  /** An HTTP listener that answers every request with a 301 to https (Istio `tls.httpsRedirect`). */
  httpsRedirect: z.boolean().optional(),
  /** Absent: every route bound to the gateway may attach, whatever its namespace and kind (Istio's servers). */
  allowedRoutes: AllowedRoutesSchema.optional(),
});
export type Listener = z.infer<typeof ListenerSchema>;

export const GatewaySchema = z.object({
  name: NameSchema,
  /** Absent: "default" (namespace.ts). */
  namespace: NamespaceSchema.optional(),
  listeners: z.array(ListenerSchema).min(1, "a gateway needs at least one listener"),
});
export type Gateway = z.infer<typeof GatewaySchema>;
