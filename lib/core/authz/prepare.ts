import type { AuthzCondition, AuthzOperation, AuthzRule, AuthzSource } from "../model/index.ts";
import { inBlock, parseIp, parseIpBlock, type IpBlock } from "./cidr.ts";
import type { AuthzRequest } from "./request.ts";
import { anyOf } from "./string-match.ts";

/**
 * A policy's rules compiled once (when a snapshot is applied, or for a dry run): string matchers, CIDR blocks and the
 * text that explains a mismatch are built here, so evaluating a request allocates nothing but the parsed addresses.
 * A check returns null when it holds, else the (prebuilt) reason it does not.
 */
export type Check = (req: AuthzRequest, ctx: EvalContext) => string | null;

/** Per-evaluation cache of the parsed addresses (parsed at most once each). */
export class EvalContext {
  private src: Uint8Array | null | undefined;
  private remote: Uint8Array | null | undefined;
  constructor(private readonly req: AuthzRequest) {}
  sourceIp(): Uint8Array | null {
    if (this.src === undefined) this.src = parseIp(this.req.sourceIp);
    return this.src;
  }
  remoteIp(): Uint8Array | null {
    if (this.remote === undefined) this.remote = parseIp(this.req.remoteIp);
    return this.remote;
  }
}

/** Fields Signalbox cannot evaluate (JWT): Istio's rule for fields a proxy cannot check. */
export type Unsupported = "fail-closed" | "ignore";

const hostOnly = (host: string) => {
  const h = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return h.toLowerCase();
};

function blocks(list: readonly string[]): IpBlock[] {
  return list.map((b) => parseIpBlock(b)).filter((b): b is IpBlock => b !== null);
}

function ipCheck(list: readonly string[], pick: (c: EvalContext) => Uint8Array | null): (c: EvalContext) => boolean {
  const bs = blocks(list);
  return (c) => {
    const ip = pick(c);
    return ip !== null && bs.some((b) => inBlock(ip, b));
  };
}

type ValueOf = (req: AuthzRequest, ctx: EvalContext) => string | null;

/** A positive list (one must match) and/or a negative one (none may match) over one attribute. */
const negName = (field: string) => `not${field[0]!.toUpperCase()}${field.slice(1)}`;

function listCheck(
  at: string,
  field: string,
  value: ValueOf,
  pos?: readonly string[],
  neg?: readonly string[],
  ci = false,
): Check[] {
  const out: Check[] = [];
  if (pos && pos.length > 0) {
    const t = anyOf(pos, ci);
    const why = `${at}.${field}: no value matches`;
    out.push((r, c) => {
      const v = value(r, c);
      return v !== null && t(v) ? null : why;
    });
  }
  if (neg && neg.length > 0) {
    const t = anyOf(neg, ci);
    const why = `${at}.${negName(field)}: a value matches`;
    out.push((r, c) => {
      const v = value(r, c);
      return v !== null && t(v) ? why : null;
    });
  }
  return out;
}

function ipListCheck(
  at: string,
  field: string,
  pick: (c: EvalContext) => Uint8Array | null,
  pos?: readonly string[],
  neg?: readonly string[],
): Check[] {
  const out: Check[] = [];
  if (pos && pos.length > 0) {
    const t = ipCheck(pos, pick);
    const why = `${at}.${field}: address not in any block`;
    out.push((_r, c) => (t(c) ? null : why));
  }
  if (neg && neg.length > 0) {
    const t = ipCheck(neg, pick);
    const why = `${at}.${negName(field)}: address in a block`;
    out.push((_r, c) => (t(c) ? why : null));
  }
  return out;
}

function sourceChecks(at: string, s: AuthzSource, unsupported: Unsupported): Check[] {
  const checks = [
    ...listCheck(at, "principals", (r) => r.principal, s.principals, s.notPrincipals),
    ...listCheck(at, "namespaces", (r) => r.namespace, s.namespaces, s.notNamespaces),
    ...ipListCheck(at, "ipBlocks", (c) => c.sourceIp(), s.ipBlocks, s.notIpBlocks),
    ...ipListCheck(at, "remoteIpBlocks", (c) => c.remoteIp(), s.remoteIpBlocks, s.notRemoteIpBlocks),
  ];
  if ((s.requestPrincipals?.length ?? 0) + (s.notRequestPrincipals?.length ?? 0) > 0 && unsupported === "fail-closed") {
    const why = `${at}.requestPrincipals: JWT principals are not supported (an ALLOW rule with them never matches)`;
    checks.push(() => why);
  }
  return checks;
}

function operationChecks(at: string, o: AuthzOperation): Check[] {
  return [
    ...listCheck(at, "hosts", (r) => hostOnly(r.host), o.hosts, o.notHosts, true),
    ...listCheck(at, "ports", (r) => String(r.port), o.ports, o.notPorts),
    ...listCheck(at, "methods", (r) => r.method, o.methods, o.notMethods),
    ...listCheck(at, "paths", (r) => r.path, o.paths, o.notPaths),
  ];
}

/** The `when` keys Signalbox evaluates; anything else is unsupported (validation reports it: SB604). */
export function conditionValue(key: string): ValueOf | "ip-source" | "ip-remote" | null {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) {
    const name = header[1]!.toLowerCase();
    return (r) => r.header(name) ?? null;
  }
  switch (key) {
    case "source.ip":
      return "ip-source";
    case "remote.ip":
      return "ip-remote";
    case "source.namespace":
      return (r) => r.namespace;
    case "source.principal":
      return (r) => r.principal;
    case "destination.port":
      return (r) => String(r.port);
    default:
      return null;
  }
}

function conditionChecks(at: string, c: AuthzCondition, unsupported: Unsupported): Check[] {
  const where = `${at}(${c.key})`;
  const value = conditionValue(c.key);
  if (value === null) {
    if (unsupported === "ignore") return [];
    const why = `${where}: key not supported (an ALLOW rule with it never matches)`;
    return [() => why];
  }
  if (value === "ip-source" || value === "ip-remote") {
    const pick = value === "ip-source" ? (x: EvalContext) => x.sourceIp() : (x: EvalContext) => x.remoteIp();
    return ipListCheck(where, "values", pick, c.values, c.notValues);
  }
  return listCheck(where, "values", value, c.values, c.notValues);
}

function all(checks: Check[]): Check {
  if (checks.length === 0) return () => null;
  return (r, c) => {
    for (const ch of checks) {
      const why = ch(r, c);
      if (why !== null) return why;
    }
    return null;
  };
}

/** One of several (from[] or to[]): the first reason is kept when none matches. */
function oneOf(items: Check[]): Check {
  if (items.length === 0) return () => null;
  if (items.length === 1) return items[0]!;
  return (r, c) => {
    let first: string | null = null;
    for (const ch of items) {
      const why = ch(r, c);
      if (why === null) return null;
      first ??= why;
    }
    return first;
  };
}

/** A rule: any of `from`, and any of `to`, and every `when` (Istio's AND of the three, OR inside a list). */
export function prepareRule(index: number, rule: AuthzRule, unsupported: Unsupported): Check {
  const at = `rules[${index}]`;
  const from = oneOf(
    (rule.from ?? []).map((f, i) => all(sourceChecks(`${at}.from[${i}].source`, f.source, unsupported))),
  );
  const to = oneOf((rule.to ?? []).map((t, i) => all(operationChecks(`${at}.to[${i}].operation`, t.operation))));
  const when = all((rule.when ?? []).flatMap((w, i) => conditionChecks(`${at}.when[${i}]`, w, unsupported)));
  return all([from, to, when]);
}
