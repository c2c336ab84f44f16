"use client";
import Link from "next/link";
import {
  allowedFrom,
  dropLabel,
  editSelectorLabels,
  putLabel,
  setAllowedRoutesFrom,
  type AllowedFrom,
} from "@/lib/core/draft/index.ts";
import { namespaceOf, type Gateway, type LabelSelector, type Listener } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { LabelRows } from "@/components/ui/label-rows.tsx";
import { routesKeptOut, selectedNamespaces } from "./listener-issues.ts";

interface Props {
  gateway: Gateway;
  gi: number;
  li: number;
  listener: Listener;
}

const FROM_LABELS: Record<AllowedFrom, string> = {
  Any: "All (any route)",
  All: "All namespaces",
  Same: "Same namespace",
  Selector: "Namespaces with labels",
};

const expressionText = (e: LabelSelector["matchExpressions"][number]): string =>
  e.operator === "Exists" || e.operator === "DoesNotExist"
    ? `${e.key} ${e.operator}`
    : `${e.key} ${e.operator} (${e.values.join(", ")})`;

/**
 * A listener's allowedRoutes: which namespaces' routes may attach through it (Gateway API; "All (any route)" is an
 * Istio server's none at all), for Selector the matchLabels as rows (matchExpressions and kinds shown, kept), and
 * the routes it keeps out (SB311) with the namespace labels that would let them in one link away.
 */
export function AllowedRoutesControl({ gateway, gi, li, listener }: Props) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const at = { gateway: gateway.name, listener: li };
  const id = `gw-${gateway.name}-l${li}-allowed`;
  const path = ["gateways", gi, "listeners", li, "allowedRoutes"];
  const allowed = listener.allowedRoutes;
  const from = allowedFrom(listener);
  const selector = allowed?.selector;
  const keptOut = routesKeptOut(mesh, issues, gateway.name, li);
  const selected = from === "Selector" ? selectedNamespaces(mesh, listener) : [];
  const key = `gw:${gateway.name}:${li}:allowed`;
  return (
    <div className="allowed-routes" data-testid={id}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-from`}>Allowed routes</label>
          <select
            id={`${id}-from`}
            value={from}
            disabled={readOnly}
            onChange={(e) => edit(setAllowedRoutesFrom(mesh, at, e.target.value as AllowedFrom))}
          >
            {(Object.keys(FROM_LABELS) as AllowedFrom[]).map((f) => (
              <option key={f} value={f}>
                {f === "Same" ? `Same namespace (${namespaceOf(gateway)})` : FROM_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <p className="muted small allowed-hint">
          {from === "Any"
            ? "Every route bound to the gateway attaches, as with Istio."
            : from === "All"
              ? "Routes of every namespace attach."
              : from === "Same"
                ? `Only routes in namespace ${namespaceOf(gateway)} attach.`
                : selected.length > 0
                  ? `Routes of namespaces whose labels match attach. Matches now: ${selected.join(", ")}.`
                  : "Routes of namespaces whose labels match attach. No namespace matches now."}
          {allowed?.kinds?.length ? (
            <span data-testid={`${id}-kinds`}> Only kinds: {allowed.kinds.join(", ")} (kept, edit in YAML).</span>
          ) : null}
        </p>
      </div>
      <FieldIssues issues={issues} path={path} />
      <FieldIssues issues={issues} path={[...path, "from"]} />
      {from === "Selector" ? (
        <div className="allowed-selector" data-testid={`${id}-selector`}>
          <div className="allowed-selector-head">
            <span className="small">Namespace labels to match (all must hold)</span>
            <Link href="/gateways#namespaces" className="small" data-testid={`${id}-namespaces-link`}>
              Edit namespace labels
            </Link>
          </div>
          <LabelRows
            id={id}
            labels={selector?.matchLabels ?? {}}
            noun="match label"
            empty="No labels: every namespace matches."
            readOnly={readOnly}
            issues={issues}
            path={[...path, "selector", "matchLabels"]}
            onPut={(k, v, prev) =>
              edit(
                editSelectorLabels(mesh, at, (l) => putLabel(l, k, v, prev)),
                key,
              )
            }
            onDrop={(k) => edit(editSelectorLabels(mesh, at, (l) => dropLabel(l, k)))}
          />
          <FieldIssues issues={issues} path={[...path, "selector"]} />
          {selector?.matchExpressions.length ? (
            <p className="muted small" data-testid={`${id}-expressions`}>
              and expressions (kept, edit in YAML): {selector.matchExpressions.map(expressionText).join("; ")}
            </p>
          ) : null}
          <FieldIssues issues={issues} path={[...path, "selector", "matchExpressions"]} deep />
        </div>
      ) : null}
      {keptOut.length > 0 ? (
        <ul className="field-issues" data-testid={`${id}-kept-out`} aria-live="polite">
          {keptOut.map((k) => (
            <li key={`${k.route}-${k.issue.path.join(".")}`} className="issue-warning">
              <code>{k.issue.code}</code> route <Link href={`/routes#route-${k.route}`}>{k.route}</Link> (namespace{" "}
              {k.namespace}) is not allowed here and does not attach
              {from === "Selector" ? (
                <>
                  {" "}
                  — <Link href="/gateways#namespaces">label namespace {k.namespace}</Link> to let it in
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
