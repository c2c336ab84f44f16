"use client";
import { addRule, removeRoute, setRouteGateway, setRouteHosts, setRouteNamespace } from "@/lib/core/draft/index.ts";
import { namespaceOf, type Route } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { splitList } from "@/components/policy/lists.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { RuleEditor } from "./rule-editor.tsx";

/** One route of the draft; `ri` is its place in the mesh, for the server's issue paths. */
export function RouteCard({ ri, route }: { ri: number; route: Route }) {
  const { edit, issues, readOnly, mesh } = useDraftEditor();
  const id = `route-${route.name}`;
  const hosts = route.hosts.join(", ");
  return (
    <section className="card" id={id} data-testid={id} aria-labelledby={`${id}-title`}>
      <header className="card-head">
        <h2 id={`${id}-title`}>{route.name}</h2>
        <span className="muted">
          {route.rules.length} rule(s),{" "}
          {route.semantics === "gateway-api"
            ? "Gateway API precedence across routes on its hosts"
            : "Istio semantics: first match wins"}
        </span>
        <span className="spacer" />
        {readOnly ? null : (
          <button type="button" className="small danger" onClick={() => edit(removeRoute(mesh, route.name))}>
            Delete route
          </button>
        )}
      </header>
      <FieldIssues issues={issues} path={["routes", ri]} />
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-namespace`}>Namespace</label>
          <CommitInput
            key={namespaceOf(route)}
            id={`${id}-namespace`}
            value={namespaceOf(route)}
            disabled={readOnly}
            onCommit={(t) => edit(setRouteNamespace(mesh, route.name, t))}
          />
          <FieldIssues issues={issues} path={["routes", ri, "namespace"]} />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-hosts`}>Hosts (comma-separated)</label>
          <CommitInput
            key={hosts}
            id={`${id}-hosts`}
            value={hosts}
            disabled={readOnly}
            onCommit={(t) => edit(setRouteHosts(mesh, route.name, splitList(t)))}
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
                onChange={(e) => edit(setRouteGateway(mesh, route.name, g.name, e.target.checked))}
              />
              <label htmlFor={`${id}-gw-${g.name}`}>{g.name}</label>
            </span>
          ))}
          <FieldIssues issues={issues} path={["routes", ri, "gateways"]} deep />
        </fieldset>
      </div>
      <ol className="rules" start={0}>
        {route.rules.map((rule, ki) => (
          <RuleEditor
            key={ki}
            at={{ route: route.name, rule: ki }}
            path={["routes", ri, "rules", ki]}
            count={route.rules.length}
            rule={rule}
          />
        ))}
      </ol>
      <FieldIssues issues={issues} path={["routes", ri, "rules"]} />
      {readOnly ? null : (
        <button type="button" data-testid={`${id}-add-rule`} onClick={() => edit(addRule(mesh, route.name))}>
          Add rule (at top)
        </button>
      )}
    </section>
  );
}
