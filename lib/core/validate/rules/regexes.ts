import type { StringMatch } from "../../model/index.ts";
import { eachRule } from "../helpers.ts";
import { issue, type IssuePath, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * Compiles every regex the proxy will compile at apply time, so a bad one is caught in the editor
 * instead of NACKed. JavaScript syntax is the proxy's dialect (Istio uses RE2, a near subset).
 */
export const regexes: MeshRule = {
  id: "regexes",
  check(mesh) {
    const out: ValidationIssue[] = [];
    const test = (m: { type: string; value: string } | undefined, path: IssuePath) => {
      if (!m || m.type !== "regex") return;
      try {
        new RegExp(m.value);
      } catch (e) {
        out.push(
          issue(
            "INVALID_REGEX",
            [...path, "value"],
            `invalid regular expression /${m.value}/: ${(e as Error).message}`,
          ),
        );
      }
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
    });
    return out;
  },
};
