import type { MeshRule } from "./types.ts";
import { authorizationPolicies, peerAuthentications, uniquePolicies } from "./rules/access-policies.ts";
import { defaultRuleLast } from "./rules/default-rule-last.ts";
import { destinationRefs } from "./rules/destination-refs.ts";
import { emptyVersion } from "./rules/empty-version.ts";
import { listenerTls } from "./rules/listener-tls.ts";
import { matchPorts } from "./rules/match-ports.ts";
import { mirrorTarget } from "./rules/mirror-target.ts";
import { referenceGrants, uniqueReferenceGrants } from "./rules/reference-grants.ts";
import { portLevelSettings } from "./rules/port-level-settings.ts";
import { regexes } from "./rules/regexes.ts";
import { rewriteRedirect } from "./rules/rewrite-redirect.ts";
import { routeGateways } from "./rules/route-gateways.ts";
import { routeHosts } from "./rules/route-hosts.ts";
import { routeListeners } from "./rules/route-listeners.ts";
import { ruleAction } from "./rules/rule-action.ts";
import { uniqueEndpoints } from "./rules/unique-endpoints.ts";
import { uniqueGateways } from "./rules/unique-gateways.ts";
import { uniqueListeners } from "./rules/unique-listeners.ts";
import { uniqueRoutes } from "./rules/unique-routes.ts";
import { uniqueServiceHosts } from "./rules/unique-service-hosts.ts";
import { uniqueServices } from "./rules/unique-services.ts";
import { uniqueServicePorts } from "./rules/unique-service-ports.ts";
import { uniqueVersions } from "./rules/unique-versions.ts";
import { upstreamTls } from "./rules/upstream-tls.ts";
import { weightsSum } from "./rules/weights-sum.ts";

/** Every semantic rule, in the order their issues are reported (objects first, then routing). */
export const MESH_RULES: readonly MeshRule[] = [
  uniqueServices,
  uniqueServiceHosts,
  uniqueVersions,
  uniqueServicePorts,
  uniqueEndpoints,
  uniqueGateways,
  uniqueListeners,
  listenerTls,
  uniqueRoutes,
  routeGateways,
  routeListeners,
  matchPorts,
  routeHosts,
  ruleAction,
  weightsSum,
  destinationRefs,
  mirrorTarget,
  uniqueReferenceGrants,
  referenceGrants,
  rewriteRedirect,
  regexes,
  defaultRuleLast,
  emptyVersion,
  upstreamTls,
  portLevelSettings,
  uniquePolicies,
  authorizationPolicies,
  peerAuthentications,
];
