"use client";
import { DraftScope } from "@/components/draft/draft-scope.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { DraftToolbar } from "@/components/draft/draft-toolbar.tsx";
import { CreateServiceForm } from "@/components/services/create-service-form.tsx";
import { ServiceCard } from "@/components/services/service-card.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

function ServiceList() {
  const { mesh, issues, readOnly } = useDraftEditor();
  return (
    <>
      <nav aria-label="Services" className="jump-list">
        {mesh.services.map((s) => (
          <a key={s.name} href={`#service-${s.name}`}>
            {s.name}
          </a>
        ))}
      </nav>
      <FieldIssues issues={issues} path={["services"]} />
      {readOnly ? null : <CreateServiceForm />}
      {mesh.services.length === 0 ? <p className="muted">No services yet.</p> : null}
      {mesh.services.map((s, si) => (
        <ServiceCard key={si} si={si} service={s} />
      ))}
    </>
  );
}

export function ServicesPageClient() {
  return (
    <>
      <PageHeader title="Services" />
      <DraftScope>
        <DraftToolbar />
        <ServiceList />
      </DraftScope>
    </>
  );
}
