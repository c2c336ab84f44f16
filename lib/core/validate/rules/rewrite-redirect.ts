import { eachRule } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Istio rejects rewrite with redirect: a redirected request is never forwarded, so a rewrite means nothing. */
export const rewriteRedirect: MeshRule = {
  id: "rewrite-redirect",
  check(mesh) {
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path) => {
      if (rule.rewrite && rule.redirect)
        out.push(
          issue(
            "REWRITE_WITH_REDIRECT",
            [...path, "rewrite"],
            "a redirected request is not forwarded, so it cannot be rewritten",
          ),
        );
    });
    return out;
  },
};
