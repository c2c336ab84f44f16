"use client";
import { useState, type FormEvent } from "react";
import { isApiClientError } from "@/lib/client/api.ts";
import { useSimulate } from "@/lib/client/hooks/use-simulate.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { parsePairs } from "./parse-pairs.ts";
import { SimulationResult } from "./simulation-result.tsx";
import styles from "./simulate.module.css";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
type Source = "published" | "draft";

function errorText(e: unknown): string {
  if (!isApiClientError(e)) return String(e);
  const fields = e.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  return fields.length > 0 && !e.message.includes(fields[0]!) ? `${e.message} (${fields.join("; ")})` : e.message;
}

/**
 * "Where would this request go, and why?" on the Routes page: a request (method, host, path, headers, query, the
 * gateway it enters through) against the published config or the draft being edited here, answered by
 * POST /api/simulate. The draft is saved first, so the answer covers the edits on screen.
 */
export function SimulatePanel() {
  const ed = useDraftEditor();
  const simulate = useSimulate();
  const [method, setMethod] = useState("GET");
  const [host, setHost] = useState("");
  const [path, setPath] = useState("/");
  const [headers, setHeaders] = useState("");
  const [query, setQuery] = useState("");
  const [gateway, setGateway] = useState("");
  const [source, setSource] = useState<Source>(ed.readOnly ? "published" : "draft");
  const [formError, setFormError] = useState<string | null>(null);
  const unsaved = ed.saveState === "error" || ed.conflict;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const h = parsePairs(headers, ":");
    const q = parsePairs(query, "=");
    if (!h.ok || !q.ok) {
      simulate.reset();
      setFormError(!h.ok ? `Headers, ${h.error}` : `Query, ${(q as { error: string }).error}`);
      return;
    }
    setFormError(null);
    const body = {
      method,
      host: host.trim(),
      path: path.trim() || "/",
      headers: h.pairs,
      query: q.pairs,
      ...(gateway ? { gateway } : {}),
      source,
    };
    // An edit the server refused (issues, conflict) never saves: simulate the last saved draft then, and say so.
    if (source === "draft" && !unsaved) ed.flush(() => simulate.mutate(body));
    else simulate.mutate(body);
  }

  return (
    <details className={`card ${styles.panel}`} data-testid="simulate-panel" open>
      <summary>Simulate request</summary>
      <p className="muted">
        Which route, rule and backend a request would hit, and why the earlier rules did not match. Nothing is sent to a
        proxy: the console runs the proxy&apos;s own matcher on the config.
      </p>
      <form className={styles.form} onSubmit={onSubmit} aria-label="Simulate request">
        <div className="field">
          <label htmlFor="sim-method">Method</label>
          <select id="sim-method" value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sim-host">Host</label>
          <input
            id="sim-host"
            value={host}
            onChange={(e) => setHost(e.target.value)}
            placeholder="reviews.demo"
            required
          />
        </div>
        <div className="field">
          <label htmlFor="sim-path">Path</label>
          <input id="sim-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/api/items?x=1" />
        </div>
        <div className="field" style={{ gridColumn: "span 2" }}>
          <label htmlFor="sim-headers">Headers (one per line, name: value)</label>
          <textarea
            id="sim-headers"
            className={styles.pairs}
            value={headers}
            onChange={(e) => setHeaders(e.target.value)}
            placeholder="end-user: jason"
          />
        </div>
        <div className="field">
          <label htmlFor="sim-query">Query (one per line, name=value)</label>
          <textarea
            id="sim-query"
            className={styles.pairs}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="beta=1"
          />
        </div>
        <div className={styles.wide}>
          <div className="field">
            <label htmlFor="sim-gateway">Enters through</label>
            <select id="sim-gateway" value={gateway} onChange={(e) => setGateway(e.target.value)}>
              <option value="">the mesh (no gateway)</option>
              {ed.mesh.gateways.map((g) => (
                <option key={g.name} value={g.name}>
                  gateway {g.name} ({g.listeners.map((l) => `:${l.port}`).join(", ")})
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field inline" aria-label="Config">
            <label className="checkbox">
              <input
                type="radio"
                name="sim-source"
                value="published"
                checked={source === "published"}
                onChange={() => setSource("published")}
              />
              Published config
            </label>
            {ed.readOnly ? null : (
              <label className="checkbox">
                <input
                  type="radio"
                  name="sim-source"
                  value="draft"
                  checked={source === "draft"}
                  onChange={() => setSource("draft")}
                />
                My draft
              </label>
            )}
          </fieldset>
          <button type="submit" className="primary" disabled={simulate.isPending || host.trim() === ""}>
            {simulate.isPending ? "Simulating…" : "Simulate"}
          </button>
        </div>
      </form>
      {formError ? (
        <p className="text-bad" role="alert" data-testid="sim-form-error">
          {formError}
        </p>
      ) : null}
      {source === "draft" && unsaved ? (
        <p className="muted" data-testid="sim-unsaved">
          Your latest edits are not saved (see the draft toolbar): the simulation uses the last saved draft.
        </p>
      ) : null}
      {simulate.isError ? (
        <p className="text-bad" role="alert" data-testid="sim-error">
          {errorText(simulate.error)}
        </p>
      ) : null}
      {simulate.data && !simulate.isError ? <SimulationResult result={simulate.data} /> : null}
    </details>
  );
}
