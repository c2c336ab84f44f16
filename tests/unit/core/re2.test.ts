import { describe, expect, it } from "vitest";
import { compileRegex, re2SyntaxError, unsupportedRegexFeature } from "../../../lib/core/routing/re2.ts";
import { validateMesh } from "../../../lib/core/validate/index.ts";
import { importYaml } from "../../../lib/core/yaml/index.ts";

describe("RE2 route regexes", () => {
  it("match the whole input, as Istio's regexes do", () => {
    const re = compileRegex("/api/v[0-9]+|/health");
    expect(re.testExact("/api/v2")).toBe(true);
    expect(re.testExact("/health")).toBe(true);
    expect(re.testExact("/api/v2/x")).toBe(false);
    expect(re.testExact("x/health")).toBe(false);
  });

  it("take RE2 syntax JavaScript lacks: inline flags, POSIX classes, Unicode classes, \\Q…\\E", () => {
    expect(compileRegex("(?i)/ADMIN.*").testExact("/admin/x")).toBe(true);
    expect(compileRegex("[[:alpha:]]+").testExact("abc")).toBe(true);
    expect(compileRegex("\\pL+").testExact("héllo")).toBe(true);
    expect(compileRegex("\\Qa.b\\E").testExact("a.b")).toBe(true);
    expect(compileRegex("\\Qa.b\\E").testExact("axb")).toBe(false);
  });

  it("answer a catastrophic-backtracking input in linear time", () => {
    const re = compileRegex("/r/([a-z0-9]+-?)+");
    const t0 = performance.now();
    expect(re.testExact(`/r/${"a".repeat(100_000)}!`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it("name the backtracking feature a pattern uses, skipping escapes and character classes", () => {
    expect(unsupportedRegexFeature("(a)\\1")).toContain("backreference");
    expect(unsupportedRegexFeature("(?<n>a)\\k<n>")).toContain("named backreference");
    expect(unsupportedRegexFeature("/(?=x)")).toContain("lookahead");
    expect(unsupportedRegexFeature("/(?!x)")).toContain("negative lookahead");
    expect(unsupportedRegexFeature("(?<=x)y")).toContain("lookbehind");
    expect(unsupportedRegexFeature("(?<!x)y")).toContain("negative lookbehind");
    expect(unsupportedRegexFeature("(?>a)")).toContain("atomic group");
    expect(unsupportedRegexFeature("a++")).toContain("possessive");
    expect(unsupportedRegexFeature("a{2}+")).toContain("possessive");
    expect(unsupportedRegexFeature("\\(?=x\\)")).toBeNull();
    expect(unsupportedRegexFeature("[(?=]x")).toBeNull();
    expect(unsupportedRegexFeature("[]\\1]")).toBeNull();
    expect(unsupportedRegexFeature("\\\\1")).toBeNull();
    expect(unsupportedRegexFeature("/api/(v1|v2)/.*")).toBeNull();
  });

  it("report RE2's own message for a plain syntax error", () => {
    expect(re2SyntaxError("(")).toContain("missing closing )");
    expect(re2SyntaxError("/ok/.*")).toBeNull();
  });

  it("are checked on an import: an Istio VirtualService with a lookahead yields SB108 at its field", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  hosts: [web.example.com]
  http:
    - match: [{ uri: { regex: "/(?!internal).*" } }]
      route: [{ destination: { host: web.example.com } }]
`;
    const { mesh } = importYaml(yaml);
    const issues = validateMesh(mesh).filter((i) => i.code === "SB108");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(["routes", 0, "rules", 0, "matches", 0, "uri", "value"]);
    expect(issues[0]!.message).toContain("negative lookahead");
  });
});
