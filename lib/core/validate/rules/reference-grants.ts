import { backendRefGranted } from "../../compile/reference-grants.ts";
import { namespaceOf } from "../../model/index.ts";
import { duplicates, eachRule } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** ReferenceGrants are identified by namespace and name, as in Kubernetes. */
export const uniqueReferenceGrants: MeshRule = {
  id: "unique-reference-grants",
  check(mesh) {
    return duplicates(mesh.referenceGrants, (g) => `${g.namespace}/${g.name}`).map(({ index, key }) =>
      issue("DUPLICATE_REFERENCE_GRANT", ["referenceGrants", index, "name"], `ReferenceGrant ${key} is defined twice`),
    );
  },
};

/**
 * Gateway API's ResolvedRefs: a gateway-api route's destination or mirror in another namespace without a
 * ReferenceGrant is not followed by the compiler (lib/core/compile/reference-grants.ts); say so where it is written.
 */
export const referenceGrants: MeshRule = {
  id: "reference-grants",
  check(mesh) {
    const services = new Map(mesh.services.map((s) => [s.name, s] as const));
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path, route) => {
      if (route.semantics !== "gateway-api") return;
      const refs = [
        ...rule.destinations.map((d, i) => ({ ref: d, at: [...path, "destinations", i] })),
        ...(rule.mirror ? [{ ref: rule.mirror, at: [...path, "mirror"] }] : []),
        ...(rule.extraMirrors ?? []).map((m, i) => ({ ref: m, at: [...path, "extraMirrors", i] })),
      ];
      for (const { ref, at } of refs) {
        const svc = services.get(ref.service);
        if (!svc || backendRefGranted(route, svc, ref.version, mesh.referenceGrants)) continue;
        out.push(
          issue(
            "REFERENCE_NOT_GRANTED",
            [...at, "service"],
            `route ${namespaceOf(route)}/${route.name} refers to service ${namespaceOf(svc)}/${svc.name}: no ReferenceGrant in ${namespaceOf(svc)} allows HTTPRoutes from ${namespaceOf(route)}`,
          ),
        );
      }
    });
    return out;
  },
};
