import { z } from "zod";
import { HostSchema, NameSchema, PortSchema } from "./names.ts";
import { NamespaceSchema } from "./namespace.ts";
import { ServerTlsSchema } from "./tls.ts";

export const ListenerSchema = z.object({
  name: NameSchema,
  port: PortSchema,
  protocol: z.enum(["HTTP", "HTTPS"]).default("HTTP"),
  hosts: z.array(HostSchema).min(1, "a listener serves at least one host (use * for any)"),
  /** HTTPS listeners terminate TLS with these settings. */
  tls: ServerTlsSchema.optional(),
  /** An HTTP listener that answers every request with a 301 to https (Istio `tls.httpsRedirect`). */
  httpsRedirect: z.boolean().optional(),
});
export type Listener = z.infer<typeof ListenerSchema>;

export const GatewaySchema = z.object({
  name: NameSchema,
  /** Absent: "default" (namespace.ts). */
  namespace: NamespaceSchema.optional(),
  listeners: z.array(ListenerSchema).min(1, "a gateway needs at least one listener"),
});
export type Gateway = z.infer<typeof GatewaySchema>;
