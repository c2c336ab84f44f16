"use client";
import Link from "next/link";
import { addListener, removeGateway } from "@/lib/core/draft/index.ts";
import type { Gateway } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { ListenerRow } from "./listener-row.tsx";

/** One gateway of the draft: its listeners and the routes bound to it. `gi` is its place in the mesh. */
export function GatewayCard({ gi, gateway }: { gi: number; gateway: Gateway }) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const id = `gw-${gateway.name}`;
  const bound = mesh.routes.filter((r) => r.gateways.includes(gateway.name));
  // A route bound to no gateway is served by every proxy, this gateway's included.
  const meshWide = mesh.routes.filter((r) => r.gateways.length === 0);
  return (
    <section
      className="card"
      id={`gateway-${gateway.name}`}
      data-testid={`gateway-${gateway.name}`}
      aria-labelledby={`${id}-title`}
    >
      <header className="card-head">
        <h2 id={`${id}-title`}>{gateway.name}</h2>
        <span className="muted">{gateway.listeners.length} listener(s)</span>
        <span className="spacer" />
        {readOnly ? null : (
          <button
            type="button"
            className="small danger"
            onClick={() => edit(removeGateway(mesh, gateway.name))}
            data-testid={`${id}-delete`}
          >
            Delete gateway
          </button>
        )}
      </header>
      <FieldIssues issues={issues} path={["gateways", gi]} />
      {gateway.listeners.map((l, li) => (
        <ListenerRow key={li} gateway={gateway} gi={gi} li={li} listener={l} removable={gateway.listeners.length > 1} />
      ))}
      {readOnly ? null : (
        <div className="row-actions">
          <button
            type="button"
            className="small"
            onClick={() => edit(addListener(mesh, gateway.name))}
            data-testid={`${id}-add-listener`}
          >
            Add listener
          </button>
        </div>
      )}
      <p className="muted small" data-testid={`${id}-routes`}>
        Routes bound: <RouteLinks routes={bound} empty="none (bind routes on the Routes page)" />
        {meshWide.length > 0 ? (
          <>
            {" "}
            · also served here, bound to no gateway: <RouteLinks routes={meshWide} empty="" />
          </>
        ) : null}
      </p>
    </section>
  );
}

function RouteLinks({ routes, empty }: { routes: readonly { name: string }[]; empty: string }) {
  if (routes.length === 0) return <>{empty}</>;
  return routes.map((r, i) => (
    <span key={r.name}>
      {i > 0 ? ", " : ""}
      <Link href={`/routes#route-${r.name}`}>{r.name}</Link>
    </span>
  ));
}
