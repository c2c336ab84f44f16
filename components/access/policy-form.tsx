"use client";
import { useState, type FormEvent } from "react";
import { parseIpBlock } from "@/lib/core/authz/cidr.ts";
import { addAuthorizationPolicy, setAuthorizationPolicy, type PolicyAt } from "@/lib/core/draft/index.ts";
import { AuthorizationPolicySchema, type AuthorizationPolicy, type AuthzCondition } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { listOf } from "./policy-text.ts";

const SOURCE_FIELDS = ["principals", "notPrincipals", "namespaces", "ipBlocks", "notIpBlocks"] as const;
const OPERATION_FIELDS = ["methods", "paths", "notPaths", "ports", "hosts"] as const;
type Field = (typeof SOURCE_FIELDS)[number] | (typeof OPERATION_FIELDS)[number];
type Row = { key: string; values: string; notValues: string };

export interface FormValues {
  name: string;
  action: "ALLOW" | "DENY" | "AUDIT";
  version: string;
  fields: Record<Field, string>;
  when: Row[];
}

const emptyFields = () =>
  Object.fromEntries([...SOURCE_FIELDS, ...OPERATION_FIELDS].map((f) => [f, ""])) as Record<Field, string>;

export const newForm = (): FormValues => ({ name: "", action: "DENY", version: "", fields: emptyFields(), when: [] });

/** A policy the form can show: one rule, at most one source and one operation. Others are edited as YAML. */
export function formOf(p: AuthorizationPolicy): FormValues | null {
  const rule = p.rules?.[0] ?? {};
  if ((p.rules?.length ?? 0) > 1 || (rule.from?.length ?? 0) > 1 || (rule.to?.length ?? 0) > 1 || p.action === "CUSTOM")
    return null;
  const fields = emptyFields();
  const src = rule.from?.[0]?.source ?? {};
  const op = rule.to?.[0]?.operation ?? {};
  for (const f of SOURCE_FIELDS) fields[f] = (src[f] ?? []).join(", ");
  for (const f of OPERATION_FIELDS) fields[f] = (op[f] ?? []).join(", ");
  const when = (rule.when ?? []).map((w) => ({
    key: w.key,
    values: (w.values ?? []).join(", "),
    notValues: (w.notValues ?? []).join(", "),
  }));
  return { name: p.name, action: p.action, version: p.selector?.matchLabels["version"] ?? "", fields, when };
}

function pick(fields: Record<Field, string>, names: readonly Field[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of names) {
    const l = listOf(fields[f]);
    if (l) out[f] = l;
  }
  return out;
}

/**
 * The policy the form describes: the service's workloads (app, optionally version), one rule, in `namespace` (the
 * service's for a new policy: a policy selects workloads of its own namespace only).
 */
export function policyOf(v: FormValues, service: string, namespace: string) {
  const source = pick(v.fields, SOURCE_FIELDS);
  const operation = pick(v.fields, OPERATION_FIELDS);
  const when: AuthzCondition[] = v.when
    .filter((r) => r.key.trim() !== "")
    .map((r) => ({
      key: r.key.trim(),
      ...(listOf(r.values) ? { values: listOf(r.values) } : {}),
      ...(listOf(r.notValues) ? { notValues: listOf(r.notValues) } : {}),
    }));
  return AuthorizationPolicySchema.safeParse({
    name: v.name.trim(),
    namespace,
    selector: { matchLabels: { app: service, ...(v.version ? { version: v.version } : {}) } },
    action: v.action,
    rules: [
      {
        ...(Object.keys(source).length > 0 ? { from: [{ source }] } : {}),
        ...(Object.keys(operation).length > 0 ? { to: [{ operation }] } : {}),
        ...(when.length > 0 ? { when } : {}),
      },
    ],
  });
}

const LABELS: Record<Field, string> = {
  principals: "From principals",
  notPrincipals: "Not from principals",
  namespaces: "From namespaces",
  ipBlocks: "From IP blocks",
  notIpBlocks: "Not from IP blocks",
  methods: "Methods",
  paths: "Paths",
  notPaths: "Not paths",
  ports: "Ports",
  hosts: "Hosts",
};

/** Create (editing === null) or edit one policy of `service` in the draft; checked by zod as you type. */
export function PolicyForm(props: {
  service: string;
  /** The policy's namespace: the edited policy's, or the service's for a new one. */
  namespace: string;
  versions: string[];
  editing: PolicyAt | null;
  initial: FormValues;
  onDone: () => void;
}) {
  const { service, namespace, versions, editing, onDone } = props;
  const { mesh, edit } = useDraftEditor();
  const [v, setV] = useState<FormValues>(props.initial);
  const parsed = policyOf(v, service, namespace);
  const id = `access-${service}-form`;
  const badBlock = (["ipBlocks", "notIpBlocks"] as const)
    .flatMap((f) => (listOf(v.fields[f]) ?? []).map((b) => ({ f, b })))
    .find(({ b }) => parseIpBlock(b) === null);
  const problem = !parsed.success
    ? parsed.error.issues[0]!
    : badBlock
      ? { path: [badBlock.f], message: `"${badBlock.b}" is not an IP address or CIDR block` }
      : null;
  const taken =
    !editing || editing.name !== v.name.trim()
      ? mesh.authorizationPolicies.some((p) => p.namespace === namespace && p.name === v.name.trim())
      : false;
  const setField = (f: Field, text: string) => setV({ ...v, fields: { ...v.fields, [f]: text } });
  const setRow = (i: number, patch: Partial<Row>) =>
    setV({ ...v, when: v.when.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!parsed.success || problem || taken) return;
    edit(editing ? setAuthorizationPolicy(mesh, editing, parsed.data) : addAuthorizationPolicy(mesh, parsed.data));
    onDone();
  }

  return (
    <form
      className="card"
      onSubmit={onSubmit}
      aria-label={editing ? `Edit policy ${editing.name}` : "New access policy"}
      data-testid={id}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
          <span className="muted small" data-testid={`${id}-namespace`}>
            in namespace {namespace}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select
            id={`${id}-action`}
            value={v.action}
            onChange={(e) => setV({ ...v, action: e.target.value as FormValues["action"] })}
          >
            <option value="DENY">DENY</option>
            <option value="ALLOW">ALLOW</option>
            <option value="AUDIT">AUDIT</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>Applies to</label>
          <select id={`${id}-version`} value={v.version} onChange={(e) => setV({ ...v, version: e.target.value })}>
            <option value="">every version of {service}</option>
            {versions.map((ver) => (
              <option key={ver} value={ver}>
                {service}/{ver}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted">
        Comma-separated lists; empty means any. Wildcards as in Istio: <code>/api*</code>, <code>*.json</code>,{" "}
        <code>*</code>.
      </p>
      <div className="field-row">
        {[...SOURCE_FIELDS, ...OPERATION_FIELDS].map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`${id}-${f}`}>{LABELS[f]}</label>
            <input id={`${id}-${f}`} value={v.fields[f]} onChange={(e) => setField(f, e.target.value)} />
          </div>
        ))}
      </div>
      {v.when.map((r, i) => (
        <div className="field-row" key={i} data-testid={`${id}-when-${i}`}>
          <div className="field">
            <label htmlFor={`${id}-when-${i}-key`}>When key</label>
            <input
              id={`${id}-when-${i}-key`}
              value={r.key}
              placeholder="request.headers[x-user]"
              onChange={(e) => setRow(i, { key: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-when-${i}-values`}>Values</label>
            <input
              id={`${id}-when-${i}-values`}
              value={r.values}
              onChange={(e) => setRow(i, { values: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-when-${i}-not`}>Not values</label>
            <input
              id={`${id}-when-${i}-not`}
              value={r.notValues}
              onChange={(e) => setRow(i, { notValues: e.target.value })}
            />
          </div>
          <button
            type="button"
            className="small"
            onClick={() => setV({ ...v, when: v.when.filter((_r, j) => j !== i) })}
          >
            Remove condition
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => setV({ ...v, when: [...v.when, { key: "", values: "", notValues: "" }] })}
      >
        Add condition
      </button>
      {problem || taken ? (
        <ul className="field-issues" role="alert" data-testid={`${id}-problem`}>
          <li>
            {taken
              ? `A policy named ${v.name.trim()} already exists`
              : `${problem!.path.join(".") || "policy"}: ${problem!.message}`}
          </li>
        </ul>
      ) : null}
      <div className="field-row">
        <button type="submit" disabled={problem !== null || taken}>
          {editing ? "Save policy" : "Add policy"}
        </button>
        <button type="button" className="small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
