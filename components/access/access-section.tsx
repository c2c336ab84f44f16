"use client";
import { useState } from "react";
import { peerSelects, policySelectsService } from "@/lib/core/authz/selection.ts";
import { removeAuthorizationPolicy, type PolicyAt } from "@/lib/core/draft/index.ts";
import { namespaceOf, type Service } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { AccessCheckPanel } from "./access-check-panel.tsx";
import { formOf, newForm, PolicyForm, type FormValues } from "./policy-form.tsx";
import { describePolicy, describeTarget, effectiveSummary } from "./policy-text.ts";

/**
 * A service's Access view: who may call it (the AuthorizationPolicies of the draft that select any of its versions,
 * and Istio's verdict order summed up), create/edit/delete a policy in the draft, and the dry run.
 */
export function AccessSection({ service }: { service: Service }) {
  const { mesh, edit, issues, readOnly } = useDraftEditor();
  const [form, setForm] = useState<{ editing: PolicyAt | null; initial: FormValues } | null>(null);
  const selecting = mesh.authorizationPolicies
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.action !== "CUSTOM" && policySelectsService(p, service));
  const peer = mesh.peerAuthentications.filter((p) => policySelectsService(p, service, peerSelects));
  const id = `access-${service.name}`;
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id}>
      <h3 id={`${id}-title`}>Access</h3>
      <p data-testid={`${id}-summary`}>{effectiveSummary(selecting.map((s) => s.p))}</p>
      {selecting.length === 0 ? (
        <p className="muted">No access policy selects {service.name}: every caller may call it.</p>
      ) : null}
      <ul className="access-policies">
        {selecting.map(({ p, i }) => (
          <li key={`${p.namespace}/${p.name}`} data-testid={`${id}-policy-${p.name}`}>
            <span
              className={`badge ${p.action === "DENY" ? "tone-bad" : p.action === "ALLOW" ? "tone-good" : "tone-info"}`}
            >
              {p.action}
            </span>{" "}
            <strong>
              {p.namespace}/{p.name}
            </strong>{" "}
            <span className="muted">on {describeTarget(p)}:</span> {describePolicy(p)}
            {readOnly ? null : (
              <>
                {" "}
                {formOf(p) ? (
                  <button type="button" className="small" onClick={() => setForm({ editing: p, initial: formOf(p)! })}>
                    Edit
                  </button>
                ) : (
                  <span className="muted">(several rules: edit as YAML)</span>
                )}{" "}
                <button type="button" className="small danger" onClick={() => edit(removeAuthorizationPolicy(mesh, p))}>
                  Delete
                </button>
              </>
            )}
            <FieldIssues issues={issues} path={["authorizationPolicies", i]} />
          </li>
        ))}
      </ul>
      {peer.length > 0 ? (
        <p className="muted" data-testid={`${id}-mtls`}>
          mTLS (PeerAuthentication, enforced by the service&apos;s sidecars; the Security page shows each version&apos;s
          mode): {peer.map((p) => `${p.namespace}/${p.name} ${p.mtls?.mode ?? "UNSET"}`).join(", ")}
        </p>
      ) : null}
      {readOnly ? null : form ? (
        <PolicyForm
          key={form.editing?.name ?? "new"}
          service={service.name}
          namespace={form.editing?.namespace ?? namespaceOf(service)}
          versions={service.versions.map((v) => v.name)}
          editing={form.editing}
          initial={form.initial}
          onDone={() => setForm(null)}
        />
      ) : (
        <button type="button" data-testid={`${id}-new`} onClick={() => setForm({ editing: null, initial: newForm() })}>
          New access policy
        </button>
      )}
      <AccessCheckPanel target={{ kind: "service", name: service.name }} host={service.host} />
    </section>
  );
}
