"use client";
import { addMatch, moveRule, removeRule, setRuleName, setRulePolicy } from "@/lib/core/draft/index.ts";
import type { RouteRule } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { relativeIssues, type Path } from "@/components/draft/issues.ts";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { RulePolicyPanel } from "@/components/policy/rule-policy-panel.tsx";
import { DestinationsEditor } from "./destinations-editor.tsx";
import { MatchEditor } from "./match-editor.tsx";

interface Props {
  /** The rule as the draft commands address it. */
  at: { route: string; rule: number };
  /** Where the server's issues about this rule point. */
  path: Path;
  count: number;
  rule: RouteRule;
}

/** One rule: order controls, matches (OR of ANDs), destinations. First matching rule wins. */
export function RuleEditor({ at, path, count, rule }: Props) {
  const { edit, issues, readOnly, mesh } = useDraftEditor();
  const ki = at.rule;
  const id = `rule-${at.route}-${ki}`;
  return (
    <li className="rule" data-testid={id}>
      <div className="rule-head">
        <span className="rule-index" aria-label={`Rule ${ki}`}>
          {ki}
        </span>
        <label className="sr-only" htmlFor={`${id}-name`}>
          Rule name
        </label>
        <input
          id={`${id}-name`}
          placeholder="rule name (optional)"
          value={rule.name}
          disabled={readOnly}
          onChange={(e) => edit(setRuleName(mesh, at, e.target.value), `${id}-name`)}
        />
        <span className="muted small">
          {rule.matches.length === 0 ? "matches every request" : `${rule.matches.length} match(es)`}
        </span>
        <span className="spacer" />
        {readOnly ? null : (
          <span className="button-group">
            <button
              type="button"
              className="small"
              disabled={ki === 0}
              onClick={() => edit(moveRule(mesh, at, -1))}
              aria-label={`Move rule ${ki} up`}
              data-testid={`${id}-up`}
            >
              ↑ Up
            </button>
            <button
              type="button"
              className="small"
              disabled={ki === count - 1}
              onClick={() => edit(moveRule(mesh, at, 1))}
              aria-label={`Move rule ${ki} down`}
              data-testid={`${id}-down`}
            >
              ↓ Down
            </button>
            <button
              type="button"
              className="small danger"
              onClick={() => edit(removeRule(mesh, at))}
              aria-label={`Remove rule ${ki}`}
            >
              Remove
            </button>
          </span>
        )}
      </div>
      <FieldIssues issues={issues} path={path} />
      {rule.matches.map((mt, mi) => (
        <MatchEditor key={mi} at={{ ...at, match: mi }} path={[...path, "matches", mi]} match={mt} idPrefix={id} />
      ))}
      {readOnly ? null : (
        <button
          type="button"
          className="small"
          data-testid={`${id}-add-match`}
          onClick={() => edit(addMatch(mesh, at))}
        >
          Add match
        </button>
      )}
      <DestinationsEditor at={at} path={[...path, "destinations"]} destinations={rule.destinations} />
      <RulePolicyPanel
        value={rule}
        onChange={(next, key) => edit(setRulePolicy(mesh, at, next), key ? `${id}:${key}` : undefined)}
        issues={relativeIssues(issues, path)}
        idPrefix={`policy-${at.route}-${ki}`}
        disabled={readOnly}
        services={mesh.services}
      />
    </li>
  );
}
