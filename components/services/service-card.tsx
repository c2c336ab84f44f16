"use client";
import {
  addVersion,
  removeService,
  setServiceDetails,
  setServiceNamespace,
  setTrafficPolicy,
  type ServiceDetails,
} from "@/lib/core/draft/index.ts";
import { namespaceOf, type Service } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { relativeIssues } from "@/components/draft/issues.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { TrafficPolicyEditor } from "@/components/policy/traffic-policy-editor.tsx";
import { AccessSection } from "@/components/access/access-section.tsx";
import { PortsEditor } from "./ports-editor.tsx";
import { VersionEditor } from "./version-editor.tsx";

/** One service of the draft; `si` is its place in the mesh, for the server's issue paths. */
export function ServiceCard({ si, service }: { si: number; service: Service }) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const id = `svc-${service.name}`;
  const set = (details: ServiceDetails, key: string) =>
    edit(setServiceDetails(mesh, service.name, details), `svc:${si}:${key}`);
  return (
    <section
      className="card"
      id={`service-${service.name}`}
      data-testid={`service-${service.name}`}
      aria-labelledby={`${id}-title`}
    >
      <header className="card-head">
        <h2 id={`${id}-title`}>{service.name}</h2>
        {service.external ? <span className="badge tone-neutral">external</span> : null}
        <span className="muted">{service.versions.length} version(s)</span>
        <span className="spacer" />
        {readOnly ? null : (
          <button type="button" className="small danger" onClick={() => edit(removeService(mesh, service.name))}>
            Delete service
          </button>
        )}
      </header>
      <FieldIssues issues={issues} path={["services", si]} />
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-namespace`}>Namespace</label>
          <CommitInput
            key={namespaceOf(service)}
            id={`${id}-namespace`}
            value={namespaceOf(service)}
            disabled={readOnly}
            onCommit={(t) => edit(setServiceNamespace(mesh, service.name, t))}
          />
          <FieldIssues issues={issues} path={["services", si, "namespace"]} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-host`}>Host</label>
          <input
            id={`${id}-host`}
            value={service.host}
            disabled={readOnly}
            onChange={(e) => set({ host: e.target.value }, "host")}
          />
          <FieldIssues issues={issues} path={["services", si, "host"]} />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-desc`}>Description</label>
          <input
            id={`${id}-desc`}
            value={service.description}
            disabled={readOnly}
            onChange={(e) => set({ description: e.target.value }, "desc")}
          />
          <FieldIssues issues={issues} path={["services", si, "description"]} />
        </div>
        <div className="field checkbox">
          <input
            id={`${id}-external`}
            type="checkbox"
            checked={service.external}
            disabled={readOnly}
            onChange={(e) => set({ external: e.target.checked }, "ext")}
          />
          <label htmlFor={`${id}-external`}>External</label>
        </div>
      </div>
      <PortsEditor si={si} service={service} />
      {service.versions.map((v, vi) => (
        <VersionEditor
          key={vi}
          at={{ service: service.name, version: v.name }}
          path={["services", si, "versions", vi]}
          idPrefix={`${id}-ver-${vi}`}
          version={v}
        />
      ))}
      <FieldIssues issues={issues} path={["services", si, "versions"]} />
      {readOnly ? null : (
        <button type="button" data-testid={`${id}-add-version`} onClick={() => edit(addVersion(mesh, service.name))}>
          Add version
        </button>
      )}
      <TrafficPolicyEditor
        value={service.trafficPolicy}
        onChange={(next, key) =>
          edit(setTrafficPolicy(mesh, service.name, next), key ? `svc:${si}:tp:${key}` : undefined)
        }
        issues={relativeIssues(issues, ["services", si, "trafficPolicy"])}
        idPrefix={`traffic-${service.name}`}
        disabled={readOnly}
      />
      <AccessSection service={service} />
    </section>
  );
}
