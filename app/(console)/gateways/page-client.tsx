"use client";
import { DraftScope } from "@/components/draft/draft-scope.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { DraftToolbar } from "@/components/draft/draft-toolbar.tsx";
import { CreateGatewayForm } from "@/components/gateways/create-gateway-form.tsx";
import { GatewayCard } from "@/components/gateways/gateway-card.tsx";
import { NamespacesCard } from "@/components/gateways/namespaces-card.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

function GatewayList() {
  const { mesh, issues, readOnly } = useDraftEditor();
  return (
    <>
      <FieldIssues issues={issues} path={["gateways"]} />
      {readOnly ? null : <CreateGatewayForm />}
      {mesh.gateways.length === 0 ? <p className="muted">No gateways yet.</p> : null}
      {mesh.gateways.map((g, gi) => (
        <GatewayCard key={gi} gi={gi} gateway={g} />
      ))}
      <NamespacesCard />
    </>
  );
}

export function GatewaysPageClient() {
  return (
    <>
      <PageHeader title="Gateways" />
      <DraftScope>
        <DraftToolbar />
        <GatewayList />
      </DraftScope>
    </>
  );
}
