"use client";
import { GatewayPolicies } from "@/components/access/gateway-policies.tsx";
import { CreateGatewayForm } from "@/components/gateways/create-gateway-form.tsx";
import { GatewayCard } from "@/components/gateways/gateway-card.tsx";
import Link from "next/link";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { IssueList } from "@/components/ui/field-issues.tsx";
import { useState } from "react";
import { EdgeTrafficPanel } from "./edge-traffic-panel.tsx";
import { useTopologyView } from "./topology-view.tsx";
import { nodeId } from "./types.ts";

/** "Focus on this service": the graph shows only its neighbourhood, 1–3 hops over gateway–route–service links. */
function FocusControl({ service }: { service: string }) {
  const { focus, setFocus } = useTopologyView();
  const [hops, setHops] = useState(focus?.hops ?? 1);
  return (
    <p className="focus-control">
      <button type="button" className="small" onClick={() => setFocus({ service, hops })} data-testid="focus-service">
        Focus on this service
      </button>{" "}
      <select
        aria-label="Hops"
        value={hops}
        onChange={(e) => setHops(Number(e.currentTarget.value))}
        data-testid="focus-hops"
      >
        {[1, 2, 3].map((h) => (
          <option key={h} value={h}>
            {h} hop{h > 1 ? "s" : ""}
          </option>
        ))}
      </select>
    </p>
  );
}

/** Side panel: what is selected, where to edit it, and the draft's issues. */
export function SelectionPanel() {
  const { state, mesh, issues, readOnly, select } = useDraftEditor();
  const { selectedEdge, creatingGateway, setCreatingGateway } = useTopologyView();
  const sel = state.selection;
  const name = sel?.id.replace(/^[a-z]+:/, "") ?? "";
  let body = (
    <p className="muted">
      {readOnly
        ? "Click a node to inspect it, an edge's traffic figures to chart them. Edge labels show each destination's share of its rule's traffic."
        : "Click a node to inspect it, an edge's traffic figures to chart them. Drag a weight slider on an edge (or focus it and use the arrow keys) to shift traffic; the other destinations of the rule rebalance so it stays at 100%."}
    </p>
  );
  if (sel?.kind === "route") {
    const r = mesh.routes.find((x) => x.name === name);
    body = (
      <>
        <h3>Route {name}</h3>
        <p>Hosts: {r?.hosts.join(", ")}</p>
        <p>Gateways: {r?.gateways.length ? r.gateways.join(", ") : "all"}</p>
        <p>{r?.rules.length} rule(s)</p>
        <Link href={`/routes#route-${name}`}>Edit matches and destinations →</Link>
      </>
    );
  } else if (sel?.kind === "service" || sel?.kind === "version") {
    const svc = sel.kind === "service" ? name : name.split("/")[0]!;
    const s = mesh.services.find((x) => x.name === svc);
    body = (
      <>
        <h3>
          {sel.kind === "service" ? "Service" : "Version"} {name}
        </h3>
        <p>Host: {s?.host}</p>
        <p>{s?.description}</p>
        <ul className="compact">
          {s?.versions.map((v) => (
            <li key={v.name}>
              {v.name}: {v.endpoints.map((e) => `${e.address}:${e.port}`).join(", ") || "no endpoints"}
            </li>
          ))}
        </ul>
        <FocusControl service={svc} />
        <Link href={`/services#service-${svc}`}>Edit versions and endpoints →</Link>
      </>
    );
  } else if (sel?.kind === "gateway") {
    const gi = mesh.gateways.findIndex((x) => x.name === name);
    // The Gateways page's own card: listeners, TLS, add/remove, delete, with the draft's issues at each field.
    body =
      gi < 0 ? (
        <p className="muted">Gateway {name} is not in the draft (deleted?).</p>
      ) : (
        <>
          <GatewayCard gi={gi} gateway={mesh.gateways[gi]!} />
          {readOnly ? null : (
            <p className="muted small">
              Drag from a listener&apos;s handle onto a route to serve the route on that listener only; × on an edge (or
              select it and press Delete) detaches it.
            </p>
          )}
          <GatewayPolicies mesh={mesh} gateway={name} />
        </>
      );
  }
  if (creatingGateway && !readOnly)
    body = (
      <>
        <CreateGatewayForm
          onCreated={(created) => {
            setCreatingGateway(false);
            select({ kind: "gateway", id: nodeId.gateway(created) });
          }}
        />
        <button type="button" className="small" onClick={() => setCreatingGateway(false)}>
          Cancel
        </button>
      </>
    );
  if (selectedEdge) body = <EdgeTrafficPanel edge={selectedEdge} />;
  return (
    <aside
      className={`side-panel${sel?.kind === "gateway" || creatingGateway ? " is-wide" : ""}`}
      aria-label="Details"
      data-testid="selection-panel"
    >
      <section>{body}</section>
      <section>
        <h3>Validation</h3>
        <IssueList issues={issues} empty={readOnly ? "Showing the running config." : "The draft is valid."} />
      </section>
    </aside>
  );
}
