import { re2SyntaxError } from "../routing/re2.ts";
import type { SnapshotConfig } from "./schema.ts";

/** A problem in a compiled snapshot. `path` points into the SnapshotConfig. */
export interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
}

/** Codes of checkSnapshotConsistency, in one place so the console and the proxy name them alike. */
export const CONSISTENCY_CODES = {
  duplicateCluster: "snapshot.duplicate-cluster",
  duplicateVirtualHost: "snapshot.duplicate-virtual-host",
  duplicateDomain: "snapshot.duplicate-domain",
  unknownCluster: "snapshot.unknown-cluster",
  unknownMirrorCluster: "snapshot.unknown-mirror-cluster",
  weightSum: "snapshot.weight-sum",
  noAction: "snapshot.rule-without-action",
  badRegex: "snapshot.invalid-regex",
  clusterName: "snapshot.cluster-name-mismatch",
  unknownPolicyCluster: "snapshot.unknown-policy-cluster",
  unknownListenerPort: "snapshot.unknown-listener-port",
} as const;

/**
 * Cross-reference checks the schema cannot express. Pure and total: never throws, returns every issue found,
 * so the console can show them all after compiling and the proxy can NACK with the full reason.
 */
export function checkSnapshotConsistency(config: SnapshotConfig): Issue[] {
  const issues: Issue[] = [];
  const clusters = checkClusters(config, issues);
  checkVirtualHostNames(config, issues);
  checkDomains(config, issues);
  config.virtualHosts.forEach((vh, v) => {
    vh.rules.forEach((rule, r) => {
      const base = ["virtualHosts", v, "rules", r];
      checkRuleTargets(rule, base, clusters, issues);
      checkRuleRegexes(rule, base, issues);
    });
  });
  (config.authorization ?? []).forEach((p, i) =>
    p.clusters.forEach((c, j) => {
      if (!clusters.has(c))
        issues.push({
          code: CONSISTENCY_CODES.unknownPolicyCluster,
          path: ["authorization", i, "clusters", j],
          message: `policy ${p.namespace}/${p.name} selects unknown cluster "${c}"`,
        });
    }),
  );
  (config.mtls ?? []).forEach((m, i) => {
    if (!clusters.has(m.cluster))
      issues.push({
        code: CONSISTENCY_CODES.unknownPolicyCluster,
        path: ["mtls", i, "cluster"],
        message: `mTLS mode for unknown cluster "${m.cluster}"`,
      });
  });
  return issues;
}

function checkClusters(config: SnapshotConfig, issues: Issue[]): Set<string> {
  const names = new Set<string>();
  config.clusters.forEach((c, i) => {
    if (names.has(c.name)) {
      issues.push({
        code: CONSISTENCY_CODES.duplicateCluster,
        path: ["clusters", i, "name"],
        message: `cluster "${c.name}" is defined more than once`,
      });
    }
    names.add(c.name);
    if (c.name !== `${c.service}/${c.version}`) {
      issues.push({
        code: CONSISTENCY_CODES.clusterName,
        path: ["clusters", i, "name"],
        message: `cluster "${c.name}" must be named "${c.service}/${c.version}"`,
      });
    }
  });
  return names;
}

function checkVirtualHostNames(config: SnapshotConfig, issues: Issue[]): void {
  const seen = new Set<string>();
  config.virtualHosts.forEach((vh, i) => {
    if (seen.has(vh.name)) {
      issues.push({
        code: CONSISTENCY_CODES.duplicateVirtualHost,
        path: ["virtualHosts", i, "name"],
        message: `virtual host "${vh.name}" is defined more than once`,
      });
    }
    seen.add(vh.name);
  });
}

/**
 * A domain may appear once per serving scope: each gateway name (or, for virtual hosts bound to listener ports, each
 * gateway and port), and "" for virtual hosts bound to no gateway. Two vhosts claiming one host on the same proxy and
 * port would make matching depend on list order; a port-bound one must name a listener port of its gateway.
 */
function checkDomains(config: SnapshotConfig, issues: Issue[]): void {
  /** `scope\0domain` (every port) or `scope\0domain\0port` → the virtual host that serves it. */
  const owners = new Map<string, string>();
  const listenerPorts = new Set(config.listeners.map((l) => `${l.gateway}\u0000${l.port}`));
  config.virtualHosts.forEach((vh, v) => {
    const scopes = vh.gateways.length === 0 ? [""] : vh.gateways;
    vh.ports?.forEach((port, p) => {
      if (!scopes.some((g) => listenerPorts.has(`${g}\u0000${port}`)))
        issues.push({
          code: CONSISTENCY_CODES.unknownListenerPort,
          path: ["virtualHosts", v, "ports", p],
          message: `virtual host "${vh.name}" is bound to port ${port}, which no listener of its gateway has`,
        });
    });
    vh.domains.forEach((domain, d) => {
      for (const scope of scopes) {
        const base = `${scope}\u0000${domain.toLowerCase()}`;
        // An unbound virtual host claims its domain on every port: it clashes with any other owner of the domain.
        const clashes = [...owners].filter(
          ([key, owner]) =>
            owner !== vh.name &&
            (vh.ports === undefined
              ? key === base || key.startsWith(`${base}\u0000`)
              : key === base || vh.ports.some((port) => key === `${base}\u0000${port}`)),
        );
        if (clashes.length > 0) {
          const where = scope === "" ? "the mesh" : `gateway "${scope}"`;
          issues.push({
            code: CONSISTENCY_CODES.duplicateDomain,
            path: ["virtualHosts", v, "domains", d],
            message: `domain "${domain}" is served by both "${clashes[0]![1]}" and "${vh.name}" on ${where}`,
          });
          continue;
        }
        if (vh.ports === undefined) owners.set(base, vh.name);
        else for (const port of vh.ports) owners.set(`${base}\u0000${port}`, vh.name);
      }
    });
  });
}

type Rule = SnapshotConfig["virtualHosts"][number]["rules"][number];

function checkRuleTargets(rule: Rule, base: (string | number)[], clusters: Set<string>, issues: Issue[]): void {
  let sum = 0;
  rule.destinations.forEach((d, i) => {
    sum += d.weight;
    if (!clusters.has(d.cluster)) {
      issues.push({
        code: CONSISTENCY_CODES.unknownCluster,
        path: [...base, "destinations", i, "cluster"],
        message: `rule "${rule.id}" routes to unknown cluster "${d.cluster}"`,
      });
    }
  });
  if (rule.destinations.length > 0 && sum !== 100) {
    issues.push({
      code: CONSISTENCY_CODES.weightSum,
      path: [...base, "destinations"],
      message: `weights of rule "${rule.id}" sum to ${sum}, not 100`,
    });
  }
  if (rule.destinations.length === 0 && !rule.redirect && !rule.directResponse) {
    issues.push({
      code: CONSISTENCY_CODES.noAction,
      path: base,
      message: `rule "${rule.id}" has no destinations, redirect or direct response`,
    });
  }
  const mirrors = [rule.mirror, ...(rule.extraMirrors ?? [])];
  mirrors.forEach((m, i) => {
    if (m && !clusters.has(m.cluster))
      issues.push({
        code: CONSISTENCY_CODES.unknownMirrorCluster,
        path: i === 0 ? [...base, "mirror", "cluster"] : [...base, "extraMirrors", i - 1, "cluster"],
        message: `rule "${rule.id}" mirrors to unknown cluster "${m.cluster}"`,
      });
  });
}

function checkRuleRegexes(rule: Rule, base: (string | number)[], issues: Issue[]): void {
  const check = (pattern: string, path: (string | number)[]) => {
    // RE2, the proxy's engine: a pattern it refuses is NACKed instead of failing the table build.
    const error = re2SyntaxError(pattern);
    if (error !== null)
      issues.push({ code: CONSISTENCY_CODES.badRegex, path, message: `invalid regex "${pattern}": ${error}` });
  };
  rule.matches.forEach((m, i) => {
    const mp = [...base, "matches", i];
    if (m.uri?.type === "regex") check(m.uri.value, [...mp, "uri", "value"]);
    if (m.authority?.type === "regex") check(m.authority.value, [...mp, "authority", "value"]);
    m.headers.forEach((h, j) => {
      if (h.type === "regex") check(h.value, [...mp, "headers", j, "value"]);
    });
    m.queryParams.forEach((q, j) => {
      if (q.type === "regex") check(q.value, [...mp, "queryParams", j, "value"]);
    });
  });
  if (rule.rewrite?.uriRegex) check(rule.rewrite.uriRegex.match, [...base, "rewrite", "uriRegex", "match"]);
  rule.cors?.allowOrigins.forEach((o, i) => {
    if (o.type === "regex") check(o.value, [...base, "cors", "allowOrigins", i, "value"]);
  });
}
