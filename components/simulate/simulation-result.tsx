"use client";
import type { ConditionTrace, RuleTrace, SimulateResponse, Verdict } from "@/lib/core/api/index.ts";
import styles from "./simulate.module.css";

const KIND_LABEL: Record<Verdict["kind"], string> = {
  forward: "Forward",
  redirect: "Redirect",
  "direct-response": "Direct response",
  "fault-abort": "Fault abort",
  "cors-preflight": "CORS preflight",
  "no-route": "No route",
  rejected: "Refused",
};

function verdictTone(kind: Verdict["kind"]): string {
  if (kind === "forward") return styles.verdictGood!;
  if (kind === "no-route" || kind === "rejected" || kind === "fault-abort") return styles.verdictBad!;
  return styles.verdictInfo!;
}

function Mark({ ok }: { ok: boolean }) {
  return (
    <span className={ok ? styles.ok : styles.fail} aria-label={ok ? "matches" : "does not match"}>
      {ok ? "✓" : "✗"}
    </span>
  );
}

function Condition({ c }: { c: ConditionTrace }) {
  const what = c.name === undefined ? c.field : `${c.field} ${c.name}`;
  return (
    <li className={c.ok ? undefined : styles.condFail}>
      {c.ok ? "✓" : "✗"} {what}: wanted <code>{c.expected}</code>,{" "}
      {c.actual === null ? (
        "missing"
      ) : (
        <>
          got <code>{c.actual}</code>
        </>
      )}
    </li>
  );
}

function RuleStep({ r }: { r: RuleTrace }) {
  return (
    <li data-testid="sim-rule" data-matched={r.matched}>
      <Mark ok={r.matched} />
      <div>
        <strong>
          #{r.index} {r.name || <span className="muted">(unnamed)</span>}
        </strong>{" "}
        <span className="muted">{r.id}</span> — {r.reason}
      </div>
      {r.matches.length > 0 ? (
        <ul className={styles.conditions}>
          {r.matches.map((m) =>
            r.matches.length === 1 ? (
              m.conditions.map((c, i) => <Condition key={i} c={c} />)
            ) : (
              <li key={m.index}>
                match {m.index + 1}: {m.matched ? "holds" : "fails"}
                <ul>
                  {m.conditions.map((c, i) => (
                    <Condition key={i} c={c} />
                  ))}
                </ul>
              </li>
            ),
          )}
        </ul>
      ) : null}
    </li>
  );
}

function VerdictDetails({ v }: { v: Verdict }) {
  return (
    <>
      {v.destinations.length > 0 ? (
        <table className="dense" data-testid="sim-destinations">
          <thead>
            <tr>
              <th>destination</th>
              <th>version</th>
              <th>weight</th>
              <th>share</th>
              <th>endpoints</th>
            </tr>
          </thead>
          <tbody>
            {v.destinations.map((d) => (
              <tr key={d.cluster} className={d.weight === 0 ? "muted" : undefined}>
                <td>
                  {d.cluster}
                  {d.cluster === v.picked ? " ← picked" : ""}
                </td>
                <td>{d.version}</td>
                <td>{d.weight}</td>
                <td>{d.percent}%</td>
                <td>{d.endpoints}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ul className={styles.conditions}>
        {v.upstreamPath !== null ? (
          <li>
            upstream receives <code>{v.upstreamAuthority}</code> <code>{v.upstreamPath}</code>
          </li>
        ) : null}
        {v.location !== null ? (
          <li>
            Location: <code>{v.location}</code>
          </li>
        ) : null}
        {v.body !== null ? (
          <li>
            body: <code>{v.body || "(empty)"}</code>
          </li>
        ) : null}
        {v.timeoutMs !== null ? <li>timeout {v.timeoutMs} ms</li> : null}
        {v.retries !== null ? (
          <li>
            {v.retries.attempts} retries on {v.retries.retryOn.join(", ")}
          </li>
        ) : null}
        {v.mirrors.map((m) => (
          <li key={m.cluster}>
            mirrored to {m.cluster} ({m.percent}%)
          </li>
        ))}
      </ul>
    </>
  );
}

function configLine(c: SimulateResponse["config"]): string {
  const hash = c.hash ? ` · sha256 ${c.hash.slice(0, 12)}` : "";
  return c.source === "published"
    ? `Published config, version ${c.version}${hash}`
    : `Your draft (revision ${c.revision}, based on version ${c.version})${hash}`;
}

/** The verdict first, then why: the host choice and each rule tried, with the conditions that failed. */
export function SimulationResult({ result }: { result: SimulateResponse }) {
  const v = result.verdict;
  const through = result.gateway === null ? "the mesh (no gateway)" : `gateway ${result.gateway}`;
  const listener = result.listener ? `, listener ${result.listener.name} :${result.listener.port}` : "";
  return (
    <section aria-label="Simulation result" data-testid="sim-result" data-kind={v.kind}>
      <div className={`${styles.verdict} ${verdictTone(v.kind)}`} data-testid="sim-verdict">
        <span className="badge tone-neutral">{KIND_LABEL[v.kind]}</span>
        {v.status !== null ? <strong>{v.status}</strong> : null}
        <span>{v.summary}</span>
      </div>
      <p className={styles.meta}>
        {configLine(result.config)} · {result.request.method} {result.request.host}{" "}
        {result.request.path === null ? "(refused)" : `${result.request.path}${result.request.query}`} through {through}
        {listener}
        {result.rule ? ` · rule ${result.rule.id}` : ""}
      </p>
      {v.kind === "rejected" ? null : (
        <>
          <h3 className={styles.section}>Host</h3>
          <ul className={styles.steps} data-testid="sim-hosts">
            {result.hosts.map((h) => (
              <li key={h.route}>
                <Mark ok={h.selected} />
                <div>
                  <strong>{h.route}</strong> <span className="muted">{h.domains.join(", ")}</span> — {h.reason}
                </div>
              </li>
            ))}
            {result.hosts.length === 0 ? <li className="muted">No route has a domain matching this host.</li> : null}
          </ul>
          {result.otherRoutes > 0 ? (
            <p className={styles.meta}>{result.otherRoutes} other route(s) have no domain matching this host.</p>
          ) : null}
        </>
      )}
      {result.route !== null ? (
        <>
          <h3 className={styles.section}>Rules of {result.route}, in order</h3>
          <ol className={styles.steps} data-testid="sim-rules">
            {result.rules.map((r) => (
              <RuleStep key={r.index} r={r} />
            ))}
          </ol>
          {result.rulesNotReached > 0 ? (
            <p className={styles.meta}>{result.rulesNotReached} later rule(s) not tried.</p>
          ) : null}
        </>
      ) : null}
      {v.kind === "forward" || v.kind === "redirect" || v.kind === "direct-response" ? (
        <>
          <h3 className={styles.section}>Result</h3>
          <VerdictDetails v={v} />
        </>
      ) : null}
      {result.notes.length > 0 ? (
        <ul className={styles.notes} data-testid="sim-notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
