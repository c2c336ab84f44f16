import { z } from "zod";
import { EndpointsPollQuerySchema, EndpointsResponseSchema } from "../registry/endpoints.ts";
import { OkResponseSchema } from "./health.ts";
import type { Operation } from "./operations.ts";
import {
  CreatedRegistryTokenResponseSchema,
  CreateRegistryTokenRequestSchema,
  RegisterInstanceRequestSchema,
  RegistryEventsQuerySchema,
  RegistryEventsResponseSchema,
  RegistryInstanceParamSchema,
  RegistryInstanceViewSchema,
  RegistryListQuerySchema,
  RegistryListResponseSchema,
  RegistrySummaryResponseSchema,
  RegistryTokenListResponseSchema,
  RegistryTokenSchema,
} from "./registry.ts";

const op = <O extends Operation>(o: O) => o;
const IdParam = z.object({ id: z.string() });

/**
 * The live service registry (Registry page, CLI) and the proxies' endpoint discovery. Instances also register
 * through the Consul-compatible API on its own port (lib/server/registry/consul-server.ts), which is not listed here.
 */
export const registryOperations = {
  listRegistry: op({
    id: "listRegistry",
    method: "GET",
    path: "/api/registry",
    summary: "Registered instances with their labels, health and checks",
    access: "read",
    query: RegistryListQuerySchema,
    response: RegistryListResponseSchema,
  }),
  registrySummary: op({
    id: "registrySummary",
    method: "GET",
    path: "/api/registry/summary",
    summary: "Registered instances per service version of the running config, by health",
    access: "read",
    response: RegistrySummaryResponseSchema,
  }),
  listRegistryEvents: op({
    id: "listRegistryEvents",
    method: "GET",
    path: "/api/registry/events",
    summary: "The registry event log, newest first",
    access: "read",
    query: RegistryEventsQuerySchema,
    response: RegistryEventsResponseSchema,
  }),
  registerInstance: op({
    id: "registerInstance",
    method: "POST",
    path: "/api/registry/instances",
    summary: "Register (or re-register) an instance, as the management token would",
    access: "admin",
    body: RegisterInstanceRequestSchema,
    response: RegistryInstanceViewSchema,
    status: 201,
  }),
  deregisterInstance: op({
    id: "deregisterInstance",
    method: "DELETE",
    path: "/api/registry/instances/{id}",
    summary: "Deregister an instance",
    access: "admin",
    params: RegistryInstanceParamSchema,
    response: OkResponseSchema,
  }),
  listRegistryTokens: op({
    id: "listRegistryTokens",
    method: "GET",
    path: "/api/registry/tokens",
    summary: "Registration tokens (never their secrets)",
    access: "admin",
    response: RegistryTokenListResponseSchema,
  }),
  createRegistryToken: op({
    id: "createRegistryToken",
    method: "POST",
    path: "/api/registry/tokens",
    summary: "Create a registration token scoped to services (the secret is shown once)",
    access: "admin",
    body: CreateRegistryTokenRequestSchema,
    response: CreatedRegistryTokenResponseSchema,
    status: 201,
  }),
  revokeRegistryToken: op({
    id: "revokeRegistryToken",
    method: "DELETE",
    path: "/api/registry/tokens/{id}",
    summary: "Revoke a registration token",
    access: "admin",
    params: IdParam,
    response: RegistryTokenSchema,
  }),
  pollEndpoints: op({
    id: "pollEndpoints",
    method: "GET",
    path: "/api/xds/endpoints",
    summary: "Long-poll for the registered endpoints of every cluster when they differ from `hash`",
    access: "proxy",
    query: EndpointsPollQuerySchema,
    response: EndpointsResponseSchema,
    alsoReturns: [{ status: 304, description: "No change within the wait" }],
  }),
} as const satisfies Record<string, Operation>;
