"use client";
import { dropLabel, editNamespaceLabels, meshNamespaces, namespaceLabels, putLabel } from "@/lib/core/draft/index.ts";
import { NAME_LABEL } from "@/lib/core/compile/hostnames.ts";
import { namespaceOf, type MeshConfig } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { LabelRows } from "@/components/ui/label-rows.tsx";
import { selectedNamespaces } from "./listener-issues.ts";

/** "2 routes, 1 service": what lives in a namespace. */
function residents(mesh: MeshConfig, ns: string): string {
  const count = (items: readonly { namespace?: string }[], noun: string) => {
    const n = items.filter((o) => namespaceOf(o) === ns).length;
    return n === 0 ? null : `${n} ${noun}${n === 1 ? "" : "s"}`;
  };
  const parts = [count(mesh.services, "service"), count(mesh.routes, "route"), count(mesh.gateways, "gateway")];
  return parts.filter((p) => p !== null).join(", ") || "nothing yet (labels only)";
}

/**
 * The labels of every namespace the draft uses (and of those it only has labels for), edited as key=value rows:
 * what listeners that allow routes from "namespaces with labels" select. Beside each, the listeners that admit it.
 */
export function NamespacesCard() {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const listeners = mesh.gateways.flatMap((g) => g.listeners.map((l) => ({ g, l })));
  const selectors = listeners.filter(({ l }) => l.allowedRoutes?.from === "Selector");
  return (
    <section className="card" id="namespaces" data-testid="namespaces-card" aria-labelledby="namespaces-title">
      <header className="card-head">
        <h2 id="namespaces-title">Namespaces</h2>
        <span className="muted">labels that listeners&apos; &quot;Namespaces with labels&quot; match</span>
      </header>
      <p className="muted small">
        Every namespace also has <code>{NAME_LABEL}=&lt;its name&gt;</code>, as in Kubernetes. Labels are reviewed with
        the rest of the draft and exported as <code>v1</code> Namespaces.
      </p>
      <FieldIssues issues={issues} path={["namespaces"]} />
      <table className="dense namespaces-table">
        <thead>
          <tr>
            <th>Namespace</th>
            <th>Labels</th>
            <th>Selected by listeners</th>
          </tr>
        </thead>
        <tbody>
          {meshNamespaces(mesh).map((ns) => {
            const ni = (mesh.namespaces ?? []).findIndex((n) => n.name === ns);
            const admitted = selectors.filter(({ l }) => selectedNamespaces(mesh, l).includes(ns));
            return (
              <tr key={ns} data-testid={`namespace-${ns}`}>
                <td>
                  <strong>{ns}</strong>
                  <div className="muted small">{residents(mesh, ns)}</div>
                </td>
                <td>
                  <LabelRows
                    id={`ns-${ns}`}
                    labels={namespaceLabels(mesh, ns)}
                    readOnly={readOnly}
                    empty={readOnly ? "No labels." : undefined}
                    issues={issues}
                    path={["namespaces", ni, "labels"]}
                    onPut={(k, v, prev) =>
                      edit(
                        editNamespaceLabels(mesh, ns, (l) => putLabel(l, k, v, prev)),
                        `ns:${ns}:labels`,
                      )
                    }
                    onDrop={(k) => edit(editNamespaceLabels(mesh, ns, (l) => dropLabel(l, k)))}
                  />
                  {ni >= 0 ? <FieldIssues issues={issues} path={["namespaces", ni]} /> : null}
                  {ni >= 0 ? <FieldIssues issues={issues} path={["namespaces", ni, "name"]} /> : null}
                </td>
                <td className="small" data-testid={`namespace-${ns}-admitted`}>
                  {selectors.length === 0
                    ? "—"
                    : admitted.length === 0
                      ? "none"
                      : admitted.map(({ g, l }) => `${g.name}/${l.name}`).join(", ")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
