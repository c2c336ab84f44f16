import type { AuthzRule } from "../model/index.ts";
import { EvalContext, prepareRule, type Check } from "./prepare.ts";
import type { AuthzRequest } from "./request.ts";

/**
 * Istio's evaluation for one workload: CUSTOM (not supported, never compiled) → DENY (any matching DENY policy denies)
 * → ALLOW (when at least one ALLOW policy applies, the request must match one of them, else it is denied) → allowed.
 * AUDIT policies only mark a request. A policy matches when any of its rules matches; a policy without rules never
 * matches (so an ALLOW policy without rules denies everything it selects, and `rules: [{}]` allows everything).
 */
export type EnforcedAction = "ALLOW" | "DENY" | "AUDIT";

export interface PolicyForEval {
  name: string;
  namespace: string;
  action: EnforcedAction;
  rules?: AuthzRule[];
}

export interface Decision {
  allowed: boolean;
  /** `namespace/name` of the policy that decided, or null (no policy applies, or no ALLOW policy matched). */
  policy: string | null;
  action: EnforcedAction | null;
  /** Index of the matching rule in that policy. */
  rule: number | null;
  reason: string;
}

interface PreparedPolicy {
  key: string;
  action: EnforcedAction;
  rules: Check[];
  /** One prebuilt decision per rule: a hot-path verdict allocates nothing. */
  decisions: Decision[];
}

export interface PolicySet {
  deny: PreparedPolicy[];
  allow: PreparedPolicy[];
  audit: PreparedPolicy[];
}

export const policyKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

const NO_POLICY: Decision = {
  allowed: true,
  policy: null,
  action: null,
  rule: null,
  reason: "no DENY policy matched and no ALLOW policy applies",
};
const NO_ALLOW_MATCH: Decision = {
  allowed: false,
  policy: null,
  action: null,
  rule: null,
  reason: "ALLOW policies apply and none matched",
};

function prepare(p: PolicyForEval): PreparedPolicy {
  const key = policyKey(p);
  const unsupported = p.action === "ALLOW" ? "fail-closed" : "ignore";
  const rules = (p.rules ?? []).map((r, i) => prepareRule(i, r, unsupported));
  const decisions = rules.map((_r, i) => ({
    allowed: p.action !== "DENY",
    policy: key,
    action: p.action,
    rule: i,
    reason: `${p.action} policy ${key} rule ${i} matched`,
  }));
  return { key, action: p.action, rules, decisions };
}

/** Compile the policies that apply to one workload (order: as given; callers sort by key for stable answers). */
export function preparePolicies(policies: readonly PolicyForEval[]): PolicySet {
  const set: PolicySet = { deny: [], allow: [], audit: [] };
  for (const p of policies) {
    const prepared = prepare(p);
    (p.action === "DENY" ? set.deny : p.action === "ALLOW" ? set.allow : set.audit).push(prepared);
  }
  return set;
}

export const isEmptySet = (s: PolicySet) => s.deny.length === 0 && s.allow.length === 0 && s.audit.length === 0;

function matchingRule(p: PreparedPolicy, req: AuthzRequest, ctx: EvalContext): number {
  for (let i = 0; i < p.rules.length; i++) if (p.rules[i]!(req, ctx) === null) return i;
  return -1;
}

/** The hot path: the verdict only. */
export function authorize(set: PolicySet, req: AuthzRequest): Decision {
  const ctx = new EvalContext(req);
  for (const p of set.deny) {
    const i = matchingRule(p, req, ctx);
    if (i !== -1) return p.decisions[i]!;
  }
  if (set.allow.length === 0) return NO_POLICY;
  for (const p of set.allow) {
    const i = matchingRule(p, req, ctx);
    if (i !== -1) return p.decisions[i]!;
  }
  return NO_ALLOW_MATCH;
}

/** The AUDIT policies that match (Istio marks the request; Signalbox counts it). */
export function audited(set: PolicySet, req: AuthzRequest): string[] {
  if (set.audit.length === 0) return [];
  const ctx = new EvalContext(req);
  return set.audit.filter((p) => matchingRule(p, req, ctx) !== -1).map((p) => p.key);
}

export interface PolicyExplanation {
  policy: string;
  action: EnforcedAction;
  matched: boolean;
  rule: number | null;
  /** Why each rule did not match (empty when one matched); a policy without rules says so. */
  reasons: string[];
}

/** The dry run: the verdict, plus every policy that applies with the rule that matched or why none did. */
export function explain(
  set: PolicySet,
  req: AuthzRequest,
): { decision: Decision; audited: string[]; policies: PolicyExplanation[] } {
  const ctx = new EvalContext(req);
  const policies = [...set.deny, ...set.allow, ...set.audit].map((p): PolicyExplanation => {
    const reasons: string[] = [];
    for (let i = 0; i < p.rules.length; i++) {
      const why = p.rules[i]!(req, ctx);
      if (why === null) return { policy: p.key, action: p.action, matched: true, rule: i, reasons: [] };
      reasons.push(why);
    }
    if (p.rules.length === 0) reasons.push("no rules: the policy never matches");
    return { policy: p.key, action: p.action, matched: false, rule: null, reasons };
  });
  return { decision: authorize(set, req), audited: audited(set, req), policies };
}
