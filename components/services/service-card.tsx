"use client";
import type { Service } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { relativeIssues } from "@/components/policy/issues.ts";
import { TrafficPolicyEditor } from "@/components/policy/traffic-policy-editor.tsx";
import { VersionEditor } from "./version-editor.tsx";

function nextVersionName(s: Service): string {
  for (let n = s.versions.length + 1; ; n++) if (!s.versions.some((v) => v.name === `v${n}`)) return `v${n}`;
}

export function ServiceCard({ si, service }: { si: number; service: Service }) {
  const { update, issues, readOnly } = useDraftEditor();
  const id = `svc-${service.name}`;
  const set = (patch: Partial<Service>, key: string) =>
    update((m) => void Object.assign(m.services[si]!, patch), `svc:${si}:${key}`);
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
          <button type="button" className="small danger" onClick={() => update((m) => void m.services.splice(si, 1))}>
            Delete service
          </button>
        )}
      </header>
      <FieldIssues issues={issues} path={["services", si]} />
      <div className="field-row">
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
      {service.versions.map((v, vi) => (
        <VersionEditor key={vi} si={si} vi={vi} version={v} serviceName={service.name} />
      ))}
      <FieldIssues issues={issues} path={["services", si, "versions"]} />
      {readOnly ? null : (
        <button
          type="button"
          data-testid={`${id}-add-version`}
          onClick={() =>
            update((m) => {
              const name = nextVersionName(m.services[si]!);
              m.services[si]!.versions.push({ name, labels: { version: name }, endpoints: [] });
            })
          }
        >
          Add version
        </button>
      )}
      <TrafficPolicyEditor
        value={service.trafficPolicy}
        onChange={(next, key) =>
          update(
            (m) => {
              if (next === undefined) delete m.services[si]!.trafficPolicy;
              else m.services[si]!.trafficPolicy = next;
            },
            key ? `svc:${si}:tp:${key}` : undefined,
          )
        }
        issues={relativeIssues(issues, ["services", si, "trafficPolicy"])}
        idPrefix={`traffic-${service.name}`}
        disabled={readOnly}
      />
    </section>
  );
}
