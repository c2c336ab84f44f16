import { policySelectsService } from "../authz/selection.ts";
import { namespaceOf, type MeshConfig } from "../model/index.ts";

/**
 * The part of a mesh one service owns: the service, the routes that send to it or mirror to it, and
 * the gateways those routes bind. Other services those routes also reach stay out: exporting one
 * service must not drag its neighbours along.
 */
export function serviceSlice(mesh: MeshConfig, service: string): MeshConfig | null {
  const svc = mesh.services.find((s) => s.name === service);
  if (!svc) return null;
  const routes = mesh.routes.filter((r) =>
    r.rules.some(
      (rule) =>
        rule.destinations.some((d) => d.service === service) ||
        rule.mirror?.service === service ||
        (rule.extraMirrors ?? []).some((m) => m.service === service),
    ),
  );
  const gatewayNames = new Set(routes.flatMap((r) => r.gateways));
  return {
    services: [svc],
    routes,
    gateways: mesh.gateways.filter((g) => gatewayNames.has(g.name)),
    authorizationPolicies: mesh.authorizationPolicies.filter((p) => policySelectsService(p, svc)),
    peerAuthentications: mesh.peerAuthentications.filter(
      (p) => p.namespace === namespaceOf(svc) && p.selector?.matchLabels["app"] === svc.name,
    ),
    // The grants that let routes of other namespaces reach this service.
    referenceGrants: mesh.referenceGrants.filter((g) => g.namespace === namespaceOf(svc)),
  };
}
