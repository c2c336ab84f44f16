import type { OpenApiParameter } from "@/lib/core/api/index.ts";
import { AccessBadge } from "./access-badge.tsx";
import { JsonDetails } from "./json-details.tsx";
import { opAnchor, refName, type DocOperation } from "./openapi-groups.ts";
import styles from "./interop.module.css";

function typeOf(schema: unknown): string {
  if (!schema || typeof schema !== "object") return "any";
  const s = schema as { type?: unknown; enum?: unknown[]; format?: unknown };
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : typeof s.type === "string" ? s.type : "any";
  return typeof s.format === "string" ? `${t} (${s.format})` : t;
}

function Parameters({ params }: { params: OpenApiParameter[] }) {
  return (
    <table className={`dense ${styles.params}`} data-testid="op-params">
      <caption className="sr-only">Parameters</caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">In</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p) => (
          <tr key={`${p.in}:${p.name}`}>
            <td>
              <code>{p.name}</code>
            </td>
            <td>{p.in}</td>
            <td>
              <code>{typeOf(p.schema)}</code>
            </td>
            <td>{p.required ? "yes" : "no"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const statusClass = (code: string) =>
  code.startsWith("2") ? styles.status2xx : code.startsWith("3") ? styles.status3xx : styles.status4xx;

function Responses({ d }: { d: DocOperation }) {
  const entries = Object.entries(d.op.responses).map(([code, r]) => {
    const media = Object.entries(r.content ?? {})[0];
    return { code, r, media, ref: media ? refName(media[1].schema) : null };
  });
  // The shared error statuses all answer with the same ApiError body: one line, descriptions on hover.
  const errors = entries.filter((e) => e.ref && !e.code.startsWith("2"));
  const rest = entries.filter((e) => !errors.includes(e));
  return (
    <ul className={styles.responses} aria-label="Responses">
      {rest.map(({ code, r, media, ref }) => (
        <li key={code} data-testid={`op-response-${code}`}>
          <span className={`${styles.status} ${statusClass(code)}`}>{code}</span>
          {r.description || <span className="muted">—</span>}
          {media && ref ? <span className="muted"> → {ref}</span> : null}
          {media && !ref ? (
            <JsonDetails
              label={`Response schema (${media[0]})`}
              value={media[1].schema ?? {}}
              testId="op-response-schema"
            />
          ) : null}
        </li>
      ))}
      {errors.length ? (
        <li className={styles.errors}>
          Errors{" "}
          {errors.map(({ code, r }) => (
            <abbr
              key={code}
              title={r.description}
              className={`${styles.status} ${statusClass(code)}`}
              data-testid={`op-response-${code}`}
            >
              {code}
            </abbr>
          ))}{" "}
          → {errors[0]!.ref}{" "}
          <span className="sr-only">({errors.map((e) => `${e.code}: ${e.r.description}`).join("; ")})</span>
        </li>
      ) : null}
    </ul>
  );
}

/** One operation: method, path, summary, required role, parameters, request and response schemas. */
export function OperationCard({ d }: { d: DocOperation }) {
  const m = d.method.toLowerCase();
  const body = d.op.requestBody ? Object.entries(d.op.requestBody.content)[0] : undefined;
  return (
    <li
      id={opAnchor(d)}
      className={`${styles.op} ${styles[m] ?? ""}`}
      data-testid="api-op"
      data-method={d.method.toUpperCase()}
      data-path={d.path}
      data-access={d.op["x-signalbox-access"] ?? ""}
    >
      <div className={styles.opHead}>
        <span className={`${styles.method} ${styles[m] ?? ""}`}>{d.method.toUpperCase()}</span>
        <code className={styles.opPath} data-testid="op-path">
          {d.path}
        </code>
        <span className={styles.opSummary}>{d.op.summary}</span>
        <AccessBadge access={d.op["x-signalbox-access"]} />
      </div>
      <div className={styles.opBody}>
        {d.op.parameters?.length ? <Parameters params={d.op.parameters} /> : null}
        {body ? (
          <JsonDetails
            label={`Request body (${body[0]})${d.op.requestBody?.required ? ", required" : ""}`}
            value={body[1].schema ?? {}}
            testId="op-request-schema"
          />
        ) : null}
        <Responses d={d} />
        {d.op.operationId ? (
          <span className="muted small">
            operationId: <code>{d.op.operationId}</code>
          </span>
        ) : null}
      </div>
    </li>
  );
}
