import { z } from "zod";
import { HostSchema, NameSchema, PortSchema } from "./names.ts";

export const ListenerSchema = z.object({
  name: NameSchema,
  port: PortSchema,
  protocol: z.enum(["HTTP", "HTTPS"]).default("HTTP"),
  hosts: z.array(HostSchema).min(1, "a listener serves at least one host (use * for any)"),
});
export type Listener = z.infer<typeof ListenerSchema>;

export const GatewaySchema = z.object({
  name: NameSchema,
  listeners: z.array(ListenerSchema).min(1, "a gateway needs at least one listener"),
});
export type Gateway = z.infer<typeof GatewaySchema>;
