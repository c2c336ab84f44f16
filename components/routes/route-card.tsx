"use client";
import type { Route } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { RuleEditor } from "./rule-editor.tsx";

const splitList = (t: string) =>
  t
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function RouteCard({ ri, route }: { ri: number; route: Route }) {
  const { update, issues, readOnly, mesh } = useDraftEditor();
  const id = `route-${route.name}`;
  const hosts = route.hosts.join(", ");
  return (
    <section className="card" id={id} data-testid={id} aria-labelledby={`${id}-title`}>
      <header className="card-head">
        <h2 id={`${id}-title`}>{route.name}</h2>
        <span className="muted">{route.rules.length} rule(s), first match wins</span>
        <span className="spacer" />
        {readOnly ? null : (
          <button type="button" className="small danger" onClick={() => update((m) => void m.routes.splice(ri, 1))}>
            Delete route
          </button>
        )}
      </header>
      <FieldIssues issues={issues} path={["routes", ri]} />
      <div className="field-row">
        <div className="field grow">
          <label htmlFor={`${id}-hosts`}>Hosts (comma-separated)</label>
          <CommitInput
            key={hosts}
            id={`${id}-hosts`}
            value={hosts}
            disabled={readOnly}
            onCommit={(t) => update((m) => void (m.routes[ri]!.hosts = splitList(t)))}
          />
          <FieldIssues issues={issues} path={["routes", ri, "hosts"]} deep />
        </div>
        <fieldset className="field">
          <legend>Gateways (none = all)</legend>
          {mesh.gateways.map((g) => (
            <span className="checkbox" key={g.name}>
              <input
                id={`${id}-gw-${g.name}`}
                type="checkbox"
                checked={route.gateways.includes(g.name)}
                disabled={readOnly}
                onChange={(e) =>
                  update((m) => {
                    const r = m.routes[ri]!;
                    r.gateways = e.target.checked ? [...r.gateways, g.name] : r.gateways.filter((x) => x !== g.name);
                  })
                }
              />
              <label htmlFor={`${id}-gw-${g.name}`}>{g.name}</label>
            </span>
          ))}
          <FieldIssues issues={issues} path={["routes", ri, "gateways"]} deep />
        </fieldset>
      </div>
      <ol className="rules" start={0}>
        {route.rules.map((rule, ki) => (
          <RuleEditor key={ki} ri={ri} ki={ki} count={route.rules.length} rule={rule} routeName={route.name} />
        ))}
      </ol>
      <FieldIssues issues={issues} path={["routes", ri, "rules"]} />
      {readOnly ? null : (
        <button
          type="button"
          data-testid={`${id}-add-rule`}
          onClick={() =>
            update((m) => {
              const first = m.routes[ri]!.rules[0]?.destinations[0];
              m.routes[ri]!.rules.unshift({
                name: "",
                matches: [{ uri: { type: "prefix", value: "/" }, methods: [], headers: [], queryParams: [] }],
                destinations: first ? [{ ...first, weight: 100 }] : [],
              });
            })
          }
        >
          Add rule (at top)
        </button>
      )}
    </section>
  );
}
