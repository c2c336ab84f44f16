"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useOpenApi } from "@/lib/client/hooks/use-openapi.ts";
import { JsonDetails } from "@/components/interop/json-details.tsx";
import { OperationCard } from "@/components/interop/operation-card.tsx";
import { groupOperations } from "@/components/interop/openapi-groups.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import styles from "@/components/interop/interop.module.css";

export function ApiDocsPageClient() {
  const q = useOpenApi();
  const [filter, setFilter] = useState("");
  const groups = useMemo(() => (q.data ? groupOperations(q.data, filter) : []), [q.data, filter]);
  const total = groups.reduce((n, g) => n + g.operations.length, 0);
  return (
    <>
      <PageHeader title="API reference">
        <label htmlFor="api-filter">Filter</label>
        <input
          id="api-filter"
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="path, method, role…"
          data-testid="api-filter"
        />
        <a className="button" href="/api/openapi.json" target="_blank" rel="noreferrer" data-testid="api-openapi-link">
          openapi.json
        </a>
      </PageHeader>
      <QueryState isLoading={q.isLoading} error={q.error} label="the API description">
        {q.data ? (
          <>
            <p className="meta">
              {q.data.info.title} {q.data.info.version} · OpenAPI {q.data.openapi} · {q.data.info.description}{" "}
              Authenticate with the session cookie or an API token from <Link href="/tokens">Tokens</Link> as{" "}
              <code>Authorization: Bearer …</code>.
            </p>
            <nav aria-label="API groups" className="jump-list">
              {groups.map((g) => (
                <a key={g.name} href={`#group-${g.name}`}>
                  {g.name} ({g.operations.length})
                </a>
              ))}
            </nav>
            {total === 0 ? (
              <p className="muted" data-testid="api-empty">
                No operation matches “{filter}”.
              </p>
            ) : null}
            {groups.map((g) => (
              <section
                key={g.name}
                id={`group-${g.name}`}
                aria-labelledby={`group-${g.name}-title`}
                data-testid={`api-group-${g.name}`}
              >
                <h2 id={`group-${g.name}-title`}>/api/{g.name}</h2>
                <ul className={styles.opList}>
                  {g.operations.map((d) => (
                    <OperationCard key={`${d.method} ${d.path}`} d={d} />
                  ))}
                </ul>
              </section>
            ))}
            {q.data.components?.schemas ? (
              <section aria-labelledby="api-schemas-title">
                <h2 id="api-schemas-title">Shared schemas</h2>
                {Object.entries(q.data.components.schemas).map(([name, schema]) => (
                  <JsonDetails key={name} label={name} value={schema} testId={`api-schema-${name}`} />
                ))}
              </section>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </>
  );
}
