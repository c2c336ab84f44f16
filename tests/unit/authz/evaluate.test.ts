import { describe, expect, it } from "vitest";
import {
  authorize,
  explain,
  preparePolicies,
  principalOf,
  type AuthzRequest,
  type PolicyForEval,
} from "@/lib/core/authz/index.ts";
import type { AuthzRule } from "@/lib/core/model/index.ts";

/**
 * Cases from Istio's AuthorizationPolicy reference and its "Authorization policy" concepts page: evaluation order,
 * empty rules, string matches, ipBlocks, `not` fields and `when` conditions.
 */
const SLEEP = "cluster.local/ns/default/sa/sleep";

function req(over: Partial<Omit<AuthzRequest, "header">> & { headers?: Record<string, string> } = {}): AuthzRequest {
  const { headers = {}, ...rest } = over;
  return {
    principal: null,
    namespace: null,
    sourceIp: "10.1.2.3",
    remoteIp: "10.1.2.3",
    method: "GET",
    path: "/",
    host: "reviews.demo.local",
    port: 8080,
    header: (n) => headers[n],
    ...rest,
  };
}

const p = (
  action: PolicyForEval["action"],
  rules?: AuthzRule[],
  name = `${action.toLowerCase()}-p`,
): PolicyForEval => ({
  name,
  namespace: "default",
  action,
  ...(rules === undefined ? {} : { rules }),
});

const allowed = (policies: PolicyForEval[], r: AuthzRequest) => authorize(preparePolicies(policies), r).allowed;

describe("evaluation order", () => {
  it("allows everything when no policy applies", () => expect(allowed([], req())).toBe(true));
  it("ALLOW without rules denies everything (allow-nothing)", () => expect(allowed([p("ALLOW")], req())).toBe(false));
  it("ALLOW with rules: [] denies everything too", () => expect(allowed([p("ALLOW", [])], req())).toBe(false));
  it("ALLOW with one empty rule allows everything (allow-all)", () =>
    expect(allowed([p("ALLOW", [{}])], req())).toBe(true));
  it("DENY without rules never matches", () => expect(allowed([p("DENY")], req())).toBe(true));
  it("DENY with an empty rule denies everything (deny-all)", () =>
    expect(allowed([p("DENY", [{}])], req())).toBe(false));
  it("DENY is evaluated before ALLOW: a matching DENY wins over an allow-all", () => {
    const d = authorize(
      preparePolicies([p("ALLOW", [{}]), p("DENY", [{ to: [{ operation: { paths: ["/admin"] } }] }])]),
      req({ path: "/admin" }),
    );
    expect(d).toMatchObject({ allowed: false, policy: "default/deny-p", action: "DENY", rule: 0 });
  });
  it("once an ALLOW applies, what no ALLOW matches is denied", () => {
    const pol = [p("ALLOW", [{ to: [{ operation: { methods: ["GET"] } }] }])];
    expect(allowed(pol, req({ method: "GET" }))).toBe(true);
    expect(allowed(pol, req({ method: "POST" }))).toBe(false);
  });
  it("any one of several ALLOW policies is enough", () => {
    const pol = [
      p("ALLOW", [{ to: [{ operation: { paths: ["/a"] } }] }], "a"),
      p("ALLOW", [{ to: [{ operation: { paths: ["/b"] } }] }], "b"),
    ];
    expect(authorize(preparePolicies(pol), req({ path: "/b" }))).toMatchObject({ allowed: true, policy: "default/b" });
    expect(allowed(pol, req({ path: "/c" }))).toBe(false);
  });
  it("AUDIT never decides, and is reported by explain", () => {
    const set = preparePolicies([p("AUDIT", [{}])]);
    expect(authorize(set, req()).allowed).toBe(true);
    expect(explain(set, req()).audited).toEqual(["default/audit-p"]);
  });
});

describe("string matches (exact, prefix*, *suffix, *)", () => {
  const paths = (pattern: string) => [p("ALLOW", [{ to: [{ operation: { paths: [pattern] } }] }])];
  it.each([
    ["/info", "/info", true],
    ["/info", "/info/x", false],
    ["/info*", "/info", true],
    ["/info*", "/infox/y", true],
    ["/info*", "/inf", false],
    ["*/json", "/api/json", true],
    ["*/json", "/api/xml", false],
    ["*", "/anything", true],
    ["/Info", "/info", false],
  ])("paths %s vs %s → %s", (pattern, path, want) => expect(allowed(paths(pattern), req({ path }))).toBe(want));

  it("hosts match case-insensitively, with prefix/suffix wildcards, ignoring the port", () => {
    const pol = [p("ALLOW", [{ to: [{ operation: { hosts: ["*.demo.local"] } }] }])];
    expect(allowed(pol, req({ host: "Reviews.DEMO.local:8080" }))).toBe(true);
    expect(allowed(pol, req({ host: "reviews.other" }))).toBe(false);
  });
  it("methods are case-sensitive, as sent", () => {
    const pol = [p("ALLOW", [{ to: [{ operation: { methods: ["GET"] } }] }])];
    expect(allowed(pol, req({ method: "get" }))).toBe(false);
  });
  it("ports compare the destination port", () => {
    const pol = [p("ALLOW", [{ to: [{ operation: { ports: ["8080"] } }] }])];
    expect(allowed(pol, req({ port: 8080 }))).toBe(true);
    expect(allowed(pol, req({ port: 9090 }))).toBe(false);
  });
});

describe("sources", () => {
  it("principals need an mTLS identity: a plaintext request matches no principal", () => {
    const pol = [p("ALLOW", [{ from: [{ source: { principals: ["*"] } }] }])];
    expect(allowed(pol, req())).toBe(false);
    expect(allowed(pol, req({ principal: SLEEP, namespace: "default" }))).toBe(true);
  });
  it("DENY notPrincipals ['*'] denies plaintext only (Istio's require-mTLS recipe)", () => {
    const pol = [p("DENY", [{ from: [{ source: { notPrincipals: ["*"] } }] }])];
    expect(allowed(pol, req())).toBe(false);
    expect(allowed(pol, req({ principal: SLEEP, namespace: "default" }))).toBe(true);
  });
  it("namespaces come from the principal", () => {
    const pol = [p("ALLOW", [{ from: [{ source: { namespaces: ["test"] } }] }])];
    expect(allowed(pol, req({ ...principalOf("spiffe://cluster.local/ns/test/sa/x") }))).toBe(true);
    expect(allowed(pol, req({ ...principalOf("spiffe://cluster.local/ns/prod/sa/x") }))).toBe(false);
  });
  it("fields in one source are ANDed, sources in from[] are ORed", () => {
    const rule: AuthzRule = {
      from: [{ source: { principals: [SLEEP], ipBlocks: ["10.0.0.0/8"] } }, { source: { namespaces: ["test"] } }],
    };
    const pol = [p("ALLOW", [rule])];
    expect(allowed(pol, req({ principal: SLEEP, namespace: "default", sourceIp: "10.9.9.9" }))).toBe(true);
    expect(allowed(pol, req({ principal: SLEEP, namespace: "default", sourceIp: "192.168.0.1" }))).toBe(false);
    expect(allowed(pol, req({ principal: "td/ns/test/sa/y", namespace: "test", sourceIp: "192.168.0.1" }))).toBe(true);
  });
  it.each([
    ["127.0.0.1/32", "127.0.0.1", true],
    ["127.0.0.1/32", "::ffff:127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["10.0.0.0/8", "10.255.0.1", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["2001:db8::/32", "2001:db8:1::5", true],
    ["2001:db8::/32", "2001:db9::1", false],
  ])("ipBlocks %s vs %s → %s", (block, ip, want) =>
    expect(allowed([p("ALLOW", [{ from: [{ source: { ipBlocks: [block] } }] }])], req({ sourceIp: ip }))).toBe(want),
  );
  it("notIpBlocks excludes, remoteIpBlocks reads the forwarded client", () => {
    const pol = [p("DENY", [{ from: [{ source: { notIpBlocks: ["127.0.0.1/32"] } }] }])];
    expect(allowed(pol, req({ sourceIp: "127.0.0.1" }))).toBe(true);
    expect(allowed(pol, req({ sourceIp: "10.0.0.1" }))).toBe(false);
    const remote = [p("DENY", [{ from: [{ source: { remoteIpBlocks: ["203.0.113.0/24"] } }] }])];
    expect(allowed(remote, req({ sourceIp: "127.0.0.1", remoteIp: "203.0.113.7" }))).toBe(false);
    expect(allowed(remote, req({ sourceIp: "203.0.113.7", remoteIp: "127.0.0.1" }))).toBe(true);
  });
  it("requestPrincipals (JWT) fail closed in ALLOW and are ignored in DENY", () => {
    const rule: AuthzRule = { from: [{ source: { requestPrincipals: ["*"] } }] };
    expect(allowed([p("ALLOW", [rule])], req())).toBe(false);
    expect(allowed([p("DENY", [rule])], req())).toBe(false);
  });
});

describe("when conditions", () => {
  it("request.headers values and notValues", () => {
    const pol = [
      p("ALLOW", [{ when: [{ key: "request.headers[X-Version]", values: ["v1*"], notValues: ["v1-beta"] }] }]),
    ];
    expect(allowed(pol, req({ headers: { "x-version": "v1.2" } }))).toBe(true);
    expect(allowed(pol, req({ headers: { "x-version": "v1-beta" } }))).toBe(false);
    expect(allowed(pol, req())).toBe(false);
  });
  it("notValues alone matches an absent header", () => {
    const pol = [p("DENY", [{ when: [{ key: "request.headers[x-debug]", notValues: ["*"] }] }])];
    expect(allowed(pol, req())).toBe(false);
    expect(allowed(pol, req({ headers: { "x-debug": "1" } }))).toBe(true);
  });
  it("source.ip, remote.ip, source.namespace, source.principal, destination.port", () => {
    const rule = (key: string, values: string[]): PolicyForEval[] => [p("ALLOW", [{ when: [{ key, values }] }])];
    const r = req({
      sourceIp: "10.0.0.5",
      remoteIp: "198.51.100.1",
      principal: SLEEP,
      namespace: "default",
      port: 9080,
    });
    expect(allowed(rule("source.ip", ["10.0.0.0/24"]), r)).toBe(true);
    expect(allowed(rule("remote.ip", ["10.0.0.0/24"]), r)).toBe(false);
    expect(allowed(rule("source.namespace", ["default"]), r)).toBe(true);
    expect(allowed(rule("source.principal", ["*/sa/sleep"]), r)).toBe(true);
    expect(allowed(rule("destination.port", ["9080"]), r)).toBe(true);
  });
  it("unsupported keys fail closed in ALLOW and are ignored in DENY", () => {
    const rule: AuthzRule = { when: [{ key: "request.auth.claims[iss]", values: ["x"] }] };
    expect(allowed([p("ALLOW", [rule])], req())).toBe(false);
    expect(allowed([p("DENY", [rule])], req())).toBe(false);
  });
});

describe("explain", () => {
  it("names the deciding policy and rule, and why the others did not match", () => {
    const set = preparePolicies([
      p("DENY", [{ to: [{ operation: { paths: ["/admin*"] } }] }], "no-admin"),
      p(
        "ALLOW",
        [{ to: [{ operation: { methods: ["POST"] } }] }, { to: [{ operation: { methods: ["GET"] } }] }],
        "reads",
      ),
      p("ALLOW", undefined, "nothing"),
    ]);
    const out = explain(set, req({ path: "/reviews/1" }));
    expect(out.decision).toMatchObject({ allowed: true, policy: "default/reads", rule: 1 });
    expect(out.policies).toEqual([
      {
        policy: "default/no-admin",
        action: "DENY",
        matched: false,
        rule: null,
        reasons: ["rules[0].to[0].operation.paths: no value matches"],
      },
      { policy: "default/reads", action: "ALLOW", matched: true, rule: 1, reasons: [] },
      {
        policy: "default/nothing",
        action: "ALLOW",
        matched: false,
        rule: null,
        reasons: ["no rules: the policy never matches"],
      },
    ]);
  });
  it("principalOf parses SPIFFE IDs and refuses anything else", () => {
    expect(principalOf("spiffe://td/ns/prod/sa/web")).toEqual({ principal: "td/ns/prod/sa/web", namespace: "prod" });
    expect(principalOf("https://x")).toEqual({ principal: null, namespace: null });
  });
});
