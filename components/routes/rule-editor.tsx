"use client";
import type { RouteRule } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { relativeIssues } from "@/components/policy/issues.ts";
import { RulePolicyPanel } from "@/components/policy/rule-policy-panel.tsx";
import { DestinationsEditor } from "./destinations-editor.tsx";
import { MatchEditor } from "./match-editor.tsx";

interface Props {
  ri: number;
  ki: number;
  count: number;
  rule: RouteRule;
  routeName: string;
}

/** One rule: order controls, matches (OR of ANDs), destinations. First matching rule wins. */
export function RuleEditor({ ri, ki, count, rule, routeName }: Props) {
  const { update, issues, readOnly, mesh } = useDraftEditor();
  const path = ["routes", ri, "rules", ki];
  const id = `rule-${routeName}-${ki}`;
  const move = (delta: number) =>
    update((m) => {
      const rules = m.routes[ri]!.rules;
      const [r] = rules.splice(ki, 1);
      rules.splice(ki + delta, 0, r!);
    });
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
          onChange={(e) => update((m) => void (m.routes[ri]!.rules[ki]!.name = e.target.value), `${id}-name`)}
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
              onClick={() => move(-1)}
              aria-label={`Move rule ${ki} up`}
              data-testid={`${id}-up`}
            >
              ↑ Up
            </button>
            <button
              type="button"
              className="small"
              disabled={ki === count - 1}
              onClick={() => move(1)}
              aria-label={`Move rule ${ki} down`}
              data-testid={`${id}-down`}
            >
              ↓ Down
            </button>
            <button
              type="button"
              className="small danger"
              onClick={() => update((m) => void m.routes[ri]!.rules.splice(ki, 1))}
              aria-label={`Remove rule ${ki}`}
            >
              Remove
            </button>
          </span>
        )}
      </div>
      <FieldIssues issues={issues} path={path} />
      {rule.matches.map((mt, mi) => (
        <MatchEditor key={mi} ri={ri} ki={ki} mi={mi} match={mt} idPrefix={id} />
      ))}
      {readOnly ? null : (
        <button
          type="button"
          className="small"
          data-testid={`${id}-add-match`}
          onClick={() =>
            update(
              (m) =>
                void m.routes[ri]!.rules[ki]!.matches.push({
                  uri: { type: "prefix", value: "/" },
                  methods: [],
                  headers: [],
                  queryParams: [],
                }),
            )
          }
        >
          Add match
        </button>
      )}
      <DestinationsEditor ri={ri} ki={ki} routeName={routeName} destinations={rule.destinations} />
      <RulePolicyPanel
        value={rule}
        onChange={(next, key) => update((m) => void (m.routes[ri]!.rules[ki] = next), key ? `${id}:${key}` : undefined)}
        issues={relativeIssues(issues, path)}
        idPrefix={`policy-${routeName}-${ki}`}
        disabled={readOnly}
        services={mesh.services}
      />
    </li>
  );
}
