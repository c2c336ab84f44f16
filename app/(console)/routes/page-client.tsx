"use client";
import { DraftScope } from "@/components/draft/draft-scope.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { DraftToolbar } from "@/components/draft/draft-toolbar.tsx";
import { CreateRouteForm } from "@/components/routes/create-route-form.tsx";
import { EffectiveOrder } from "@/components/routes/effective-order.tsx";
import { RouteCard } from "@/components/routes/route-card.tsx";
import { SimulatePanel } from "@/components/simulate/simulate-panel.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

function RouteList() {
  const { mesh, issues, readOnly } = useDraftEditor();
  return (
    <>
      <nav aria-label="Routes" className="jump-list">
        {mesh.routes.map((r) => (
          <a key={r.name} href={`#route-${r.name}`}>
            {r.name} <span className="muted">{r.hosts.join(", ")}</span>
          </a>
        ))}
      </nav>
      <FieldIssues issues={issues} path={["routes"]} />
      {mesh.routes.length === 0 ? <p className="muted">No routes yet.</p> : null}
      {mesh.routes.map((r, ri) => (
        <RouteCard key={ri} ri={ri} route={r} />
      ))}
      {readOnly ? null : <CreateRouteForm />}
      <EffectiveOrder mesh={mesh} />
    </>
  );
}

export function RoutesPageClient() {
  return (
    <>
      <PageHeader title="Routes" />
      <DraftScope>
        <DraftToolbar />
        <SimulatePanel />
        <RouteList />
      </DraftScope>
    </>
  );
}
