"use client";
import type { HeaderMatch, RouteMatch } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const HEADER_TYPES: HeaderMatch["type"][] = ["exact", "prefix", "regex", "present", "absent"];

interface Props {
  ri: number;
  ki: number;
  mi: number;
  match: RouteMatch;
  idPrefix: string;
}

export function MatchEditor({ ri, ki, mi, match, idPrefix }: Props) {
  const { update, issues, readOnly } = useDraftEditor();
  const path = ["routes", ri, "rules", ki, "matches", mi];
  const id = `${idPrefix}-m${mi}`;
  const mut = (fn: (m: RouteMatch) => void, key?: string) => update((mesh) => fn(mesh.routes[ri]!.rules[ki]!.matches[mi]!), key);
  return (
    <fieldset className="match" data-testid={id}>
      <legend>Match {mi + 1} {mi > 0 ? <span className="muted">(OR)</span> : null}</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-uritype`}>URI</label>
          <select id={`${id}-uritype`} value={match.uri?.type ?? "any"} disabled={readOnly} onChange={(e) => mut((m) => {
            const t = e.target.value;
            m.uri = t === "any" ? undefined : { type: t as "exact" | "prefix" | "regex", value: m.uri?.value ?? "/" };
          })}>
            <option value="any">any</option>
            <option value="prefix">prefix</option>
            <option value="exact">exact</option>
            <option value="regex">regex</option>
          </select>
        </div>
        {match.uri ? (
          <div className="field grow">
            <label htmlFor={`${id}-urivalue`}>URI value</label>
            <input id={`${id}-urivalue`} value={match.uri.value} disabled={readOnly} onChange={(e) => mut((m) => void (m.uri!.value = e.target.value), `${id}-uri`)} />
            <FieldIssues issues={issues} path={[...path, "uri"]} deep />
          </div>
        ) : null}
        <fieldset className="field methods">
          <legend>Methods (none = any)</legend>
          {METHODS.map((meth) => (
            <span className="checkbox" key={meth}>
              <input id={`${id}-method-${meth}`} type="checkbox" checked={match.methods.includes(meth)} disabled={readOnly} onChange={(e) => mut((m) => {
                m.methods = e.target.checked ? [...m.methods, meth] : m.methods.filter((x) => x !== meth);
              })} />
              <label htmlFor={`${id}-method-${meth}`}>{meth}</label>
            </span>
          ))}
        </fieldset>
        {readOnly ? null : (
          <button type="button" className="small" aria-label={`Remove match ${mi + 1}`} onClick={() => update((mesh) => void mesh.routes[ri]!.rules[ki]!.matches.splice(mi, 1))}>
            Remove match
          </button>
        )}
      </div>
      {match.headers.map((h, hi) => (
        <div className="field-row header-row" key={hi}>
          <label htmlFor={`${id}-h${hi}-name`}>Header</label>
          <input id={`${id}-h${hi}-name`} value={h.name} disabled={readOnly} onChange={(e) => mut((m) => void (m.headers[hi]!.name = e.target.value), `${id}-h${hi}n`)} />
          <label className="sr-only" htmlFor={`${id}-h${hi}-type`}>Header match type</label>
          <select id={`${id}-h${hi}-type`} value={h.type} disabled={readOnly} onChange={(e) => mut((m) => void (m.headers[hi]!.type = e.target.value as HeaderMatch["type"]))}>
            {HEADER_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <label className="sr-only" htmlFor={`${id}-h${hi}-value`}>Header value</label>
          <input id={`${id}-h${hi}-value`} value={h.value} disabled={readOnly || h.type === "present" || h.type === "absent"} onChange={(e) => mut((m) => void (m.headers[hi]!.value = e.target.value), `${id}-h${hi}v`)} />
          {readOnly ? null : (
            <button type="button" className="small" aria-label={`Remove header ${h.name}`} onClick={() => mut((m) => void m.headers.splice(hi, 1))}>
              Remove
            </button>
          )}
          <FieldIssues issues={issues} path={[...path, "headers", hi]} deep />
        </div>
      ))}
      {readOnly ? null : (
        <button type="button" className="small" onClick={() => mut((m) => void m.headers.push({ name: "x-user", type: "exact", value: "" }))}>
          Add header match
        </button>
      )}
      <FieldIssues issues={issues} path={path} />
    </fieldset>
  );
}
