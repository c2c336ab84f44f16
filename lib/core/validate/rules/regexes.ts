import type { StringMatch } from "../../model/index.ts";
import { re2SyntaxError, unsupportedRegexFeature } from "../../routing/re2.ts";
import { eachRule } from "../helpers.ts";
import { issue, type IssuePath, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * Compiles every regex the proxy will compile at apply time with the proxy's engine (RE2, as Istio and Envoy),
 * so a bad one is caught in the editor and at import instead of NACKed. A pattern RE2 refuses for a feature it
 * leaves out on purpose (backreferences, lookaround, possessive quantifiers: they need backtracking) is SB108,
 * naming the feature; any other syntax error is SB105 with RE2's message.
 */
export const regexes: MeshRule = {
  id: "regexes",
  check(mesh) {
    const out: ValidationIssue[] = [];
    const test = (m: { type: string; value: string } | undefined, path: IssuePath, leaf = "value") => {
      if (!m || m.type !== "regex") return;
      const error = re2SyntaxError(m.value);
      if (error === null) return;
      const feature = unsupportedRegexFeature(m.value);
      out.push(
        feature !== null
          ? issue(
              "REGEX_NOT_RE2",
              [...path, leaf],
              `/${m.value}/ uses ${feature}, which RE2 (Istio's and the proxy's regex engine) does not support`,
            )
          : issue("INVALID_REGEX", [...path, leaf], `invalid regular expression /${m.value}/: ${error}`),
      );
    };
    eachRule(mesh, (rule, path) => {
      rule.matches.forEach((m, i) => {
        const at = [...path, "matches", i];
        test(m.uri, [...at, "uri"]);
        test(m.authority, [...at, "authority"]);
        m.headers.forEach((h, j) => test(h, [...at, "headers", j]));
        m.queryParams.forEach((q, j) => test(q, [...at, "queryParams", j]));
      });
      rule.cors?.allowOrigins.forEach((o: StringMatch, j) => test(o, [...path, "cors", "allowOrigins", j]));
      const rx = rule.rewrite?.uriRegex;
      if (rx) test({ type: "regex", value: rx.match }, [...path, "rewrite", "uriRegex"], "match");
    });
    return out;
  },
};
