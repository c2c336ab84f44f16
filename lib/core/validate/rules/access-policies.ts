import { conditionValue, gatewayWorkload, parseIpBlock, selects, serviceWorkload } from "../../authz/index.ts";
import type { AuthorizationPolicy, MeshConfig } from "../../model/index.ts";
import { ROOT_NAMESPACE } from "../../model/authorization.ts";
import { DEFAULT_NAMESPACE, namespaceOf } from "../../model/namespace.ts";
import { duplicates } from "../helpers.ts";
import { issue, type IssuePath, type MeshRule, type ValidationIssue } from "../types.ts";

/** SB601: one AuthorizationPolicy (and one PeerAuthentication) of a name per namespace. */
export const uniquePolicies: MeshRule = {
  id: "unique-policies",
  check: (mesh) =>
    (["authorizationPolicies", "peerAuthentications"] as const).flatMap((field) =>
      duplicates<{ name: string; namespace: string }>(mesh[field], (p) => `${p.namespace}/${p.name}`).map((d) =>
        issue("DUPLICATE_POLICY", [field, d.index, "name"], `${d.key} is already defined at ${field}[${d.first}]`),
      ),
    ),
};

const IP_FIELDS = ["ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"] as const;

function ipIssues(list: readonly string[] | undefined, path: IssuePath): ValidationIssue[] {
  return (list ?? []).flatMap((b, i) =>
    parseIpBlock(b) === null
      ? [issue("INVALID_IP_BLOCK", [...path, i], `"${b}" is not an IPv4/IPv6 address or CIDR block`)]
      : [],
  );
}

function ruleIssues(p: AuthorizationPolicy, base: IssuePath): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const effect = p.action === "ALLOW" ? "this rule never matches" : "the field is ignored";
  (p.rules ?? []).forEach((rule, r) => {
    (rule.from ?? []).forEach((f, i) => {
      const at = [...base, "rules", r, "from", i, "source"];
      for (const field of IP_FIELDS) out.push(...ipIssues(f.source[field], [...at, field]));
      for (const field of ["requestPrincipals", "notRequestPrincipals"] as const)
        if ((f.source[field]?.length ?? 0) > 0)
          out.push(
            issue(
              "AUTHZ_FIELD_UNSUPPORTED",
              [...at, field],
              `JWT principals need RequestAuthentication, which Signalbox does not have: ${effect}`,
            ),
          );
    });
    (rule.when ?? []).forEach((c, i) => {
      const at = [...base, "rules", r, "when", i];
      const kind = conditionValue(c.key);
      if (kind === null)
        out.push(
          issue("AUTHZ_FIELD_UNSUPPORTED", [...at, "key"], `condition key "${c.key}" is not supported: ${effect}`),
        );
      if ((c.values?.length ?? 0) + (c.notValues?.length ?? 0) === 0)
        out.push(issue("CONDITION_WITHOUT_VALUES", at, `condition "${c.key}" has neither values nor notValues`));
      if (kind === "ip-source" || kind === "ip-remote") {
        out.push(...ipIssues(c.values, [...at, "values"]), ...ipIssues(c.notValues, [...at, "notValues"]));
      }
    });
  });
  return out;
}

function selectsSomething(
  mesh: MeshConfig,
  p: Pick<AuthorizationPolicy, "selector" | "targetRefs" | "namespace">,
): boolean {
  return (
    mesh.services.some((s) => s.versions.some((v) => selects(p, serviceWorkload(s, v)))) ||
    mesh.gateways.some((g) => selects(p, gatewayWorkload(g)))
  );
}

/**
 * SB609: a policy outside the root namespace applies to workloads of its own namespace only; in a namespace where
 * no service or gateway lives it applies to nothing (a warning: the workloads may come later, as in Kubernetes).
 */
function emptyNamespace(mesh: MeshConfig, p: { name: string; namespace: string }, at: IssuePath) {
  if (p.namespace === ROOT_NAMESPACE) return null;
  if ([...mesh.services, ...mesh.gateways].some((o) => namespaceOf(o) === p.namespace)) return null;
  return issue(
    "POLICY_NAMESPACE_EMPTY",
    [...at, "namespace"],
    `${p.name}: no service or gateway lives in namespace ${p.namespace}, so it applies to nothing (a policy applies to its own namespace; ${ROOT_NAMESPACE} is mesh-wide)`,
  );
}

/** SB602, SB603, SB604, SB606, SB607, SB608, SB609 over each AuthorizationPolicy. */
export const authorizationPolicies: MeshRule = {
  id: "authorization-policies",
  check: (mesh) =>
    mesh.authorizationPolicies.flatMap((p, i) => {
      const base: IssuePath = ["authorizationPolicies", i];
      const out: ValidationIssue[] = [];
      const empty = emptyNamespace(mesh, p, base);
      if (p.action === "CUSTOM")
        out.push(
          issue(
            "CUSTOM_ACTION_UNSUPPORTED",
            [...base, "action"],
            `${p.name}: CUSTOM needs an external authorizer; use ALLOW, DENY or AUDIT`,
          ),
        );
      if (p.selector !== undefined && p.targetRefs !== undefined)
        out.push(
          issue(
            "POLICY_TARGET",
            [...base, "targetRefs"],
            `${p.name}: set either selector or targetRefs, not both (as in Istio)`,
          ),
        );
      else if (empty) out.push(empty);
      else if (!selectsSomething(mesh, p))
        out.push(
          issue(
            "POLICY_SELECTS_NOTHING",
            [...base, p.targetRefs ? "targetRefs" : "selector"],
            `${p.name} selects no service version or gateway`,
          ),
        );
      out.push(...ruleIssues(p, base));
      return out;
    }),
};

/** SB605, SB606, SB607, SB609 over each PeerAuthentication. */
export const peerAuthentications: MeshRule = {
  id: "peer-authentications",
  check: (mesh) =>
    mesh.peerAuthentications.flatMap((p, i) => {
      const base: IssuePath = ["peerAuthentications", i];
      const out: ValidationIssue[] = [];
      // Istio: a selector in the root namespace selects workloads of that namespace, and none runs there.
      if (p.namespace === ROOT_NAMESPACE && Object.keys(p.selector?.matchLabels ?? {}).length > 0)
        out.push(
          issue(
            "PEER_AUTH_NOT_ENFORCED",
            [...base, "selector"],
            `${p.name}: a selector in ${ROOT_NAMESPACE} applies to no sidecar; put the policy in its workloads' namespace (e.g. ${DEFAULT_NAMESPACE})`,
          ),
        );
      const empty = emptyNamespace(mesh, p, base);
      if (empty) out.push(empty);
      if (p.portLevelMtls !== undefined && Object.keys(p.selector?.matchLabels ?? {}).length === 0)
        out.push(
          issue(
            "POLICY_TARGET",
            [...base, "portLevelMtls"],
            `${p.name}: portLevelMtls needs a workload selector (as in Istio)`,
          ),
        );
      if (empty === null && p.selector !== undefined && !selectsSomething(mesh, p))
        out.push(
          issue("POLICY_SELECTS_NOTHING", [...base, "selector"], `${p.name} selects no service version or gateway`),
        );
      return out;
    }),
};
