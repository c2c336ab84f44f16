"use client";
import { useState, type FormEvent } from "react";
import { isApiClientError } from "@/lib/client/api.ts";
import { useAccessCheck } from "@/lib/client/hooks/use-access-check.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { parsePairs } from "@/components/simulate/parse-pairs.ts";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function errorText(e: unknown): string {
  if (!isApiClientError(e)) return String(e);
  const fields = e.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  return fields.length > 0 ? `${e.message} (${fields.join("; ")})` : e.message;
}

/**
 * "Would this caller be allowed here, and by which policy?": POST /api/access/check against the running config or the
 * draft (saved first, so the answer covers the edits on screen), one verdict per version of the service.
 */
export function AccessCheckPanel({
  target,
  host,
}: {
  target: { kind: "service" | "gateway"; name: string };
  host: string;
}) {
  const ed = useDraftEditor();
  const check = useAccessCheck();
  const [principal, setPrincipal] = useState("");
  const [namespace, setNamespace] = useState("");
  const [ip, setIp] = useState("127.0.0.1");
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState("/");
  const [reqHost, setReqHost] = useState(host);
  const [port, setPort] = useState("80");
  const [headers, setHeaders] = useState("");
  const [source, setSource] = useState<"published" | "draft">(ed.readOnly ? "published" : "draft");
  const [formError, setFormError] = useState<string | null>(null);
  const id = `access-check-${target.kind}-${target.name}`;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const h = parsePairs(headers, ":");
    if (!h.ok) {
      check.reset();
      return setFormError(`Headers, ${h.error}`);
    }
    setFormError(null);
    const body = {
      source,
      target,
      caller: {
        ...(principal.trim() ? { principal: principal.trim() } : {}),
        ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
        ip: ip.trim(),
      },
      request: { method, path: path.trim(), host: reqHost.trim(), port: Number(port), headers: h.pairs },
    };
    if (source === "draft" && !ed.readOnly) ed.flush(() => check.mutate(body));
    else check.mutate(body);
  }

  const field = (key: string, label: string, value: string, set: (v: string) => void, placeholder?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} value={value} placeholder={placeholder} onChange={(e) => set(e.target.value)} />
    </div>
  );

  return (
    <form onSubmit={onSubmit} aria-label={`Access dry run for ${target.name}`} data-testid={id}>
      <h3>Dry run</h3>
      <div className="field-row">
        {field("principal", "Caller principal", principal, setPrincipal, "plaintext (none)")}
        {field("namespace", "Caller namespace", namespace, setNamespace, "from the principal")}
        {field("ip", "Caller IP", ip, setIp)}
        <div className="field">
          <label htmlFor={`${id}-method`}>Method</label>
          <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        {field("path", "Path", path, setPath)}
        {field("host", "Host", reqHost, setReqHost)}
        {field("port", "Port", port, setPort)}
        <div className="field">
          <label htmlFor={`${id}-source`}>Config</label>
          <select
            id={`${id}-source`}
            value={source}
            onChange={(e) => setSource(e.target.value as "published" | "draft")}
          >
            <option value="published">running</option>
            {ed.readOnly ? null : <option value="draft">my draft</option>}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-headers`}>Headers (name: value, one per line)</label>
        <textarea id={`${id}-headers`} rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} />
      </div>
      <button type="submit" disabled={check.isPending}>
        Check access
      </button>
      {formError || check.error ? (
        <p role="alert" className="field-issues">
          {formError ?? errorText(check.error)}
        </p>
      ) : null}
      {check.data ? (
        <div data-testid={`${id}-result`} aria-live="polite">
          {check.data.results.map((r) => (
            <div key={r.workload} className="card">
              <p>
                <strong>{r.workload}</strong>{" "}
                <span className={`badge ${r.decision.allowed ? "tone-good" : "tone-bad"}`}>
                  {r.decision.allowed ? "allowed" : "denied"}
                </span>{" "}
                {r.decision.policy
                  ? `by ${r.decision.action} policy ${r.decision.policy} (rule ${r.decision.rule})`
                  : r.decision.reason}
              </p>
              {r.audited.length > 0 ? <p className="muted">audited by {r.audited.join(", ")}</p> : null}
              <ul>
                {r.policies.map((p) => (
                  <li key={p.policy}>
                    {p.action} {p.policy}:{" "}
                    {p.matched ? `matched (rule ${p.rule})` : `no match — ${p.reasons.join("; ")}`}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ) : null}
    </form>
  );
}
