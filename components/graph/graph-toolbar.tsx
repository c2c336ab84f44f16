"use client";
import { useState } from "react";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { buildGraphModel, GROUPINGS, neighbourhood, type Grouping } from "./graph-model.ts";
import { searchMesh } from "./search.ts";
import { TRAFFIC_WINDOWS, useTopologyView } from "./topology-view.tsx";

const GROUPING_LABEL: Record<Grouping, string> = { namespace: "Namespace", gateway: "Gateway", none: "None" };

/** Search, grouping, collapse/expand, the focus in force and the traffic window, above the graph. */
export function GraphToolbar() {
  const { mesh, readOnly, select } = useDraftEditor();
  const v = useTopologyView();
  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState<string | null>(null);

  const groupIds = () =>
    buildGraphModel(mesh, { grouping: v.grouping, collapsed: new Set(), focus: v.focus })
      .groups.map((g) => g.id)
      .filter(Boolean);

  const runSearch = () => {
    const hits = searchMesh(mesh, query);
    setSearched(query.trim() || null);
    if (hits.length) {
      // A match hidden by the focus or inside a collapsed group is brought into view.
      if (v.focus) {
        const near = neighbourhood(mesh, v.focus.service, v.focus.hops);
        if (hits.some((id) => !near.has(id))) v.setFocus(null);
      }
      const model = buildGraphModel(mesh, { grouping: v.grouping, collapsed: v.collapsed, focus: null });
      const holding = model.groups.filter((g) => g.collapsed && g.members.some((m) => hits.includes(m.id)));
      if (holding.length) v.setCollapsed([...v.collapsed].filter((id) => !holding.some((g) => g.id === id)));
    }
    v.setMatches(hits);
  };
  const clearSearch = () => {
    setQuery("");
    setSearched(null);
    v.setMatches([]);
  };

  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph view">
      <form
        className="graph-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          runSearch();
        }}
      >
        <input
          type="search"
          placeholder="Find a service, route or gateway"
          aria-label="Find in graph"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid="topology-search"
        />
        <button type="submit" data-testid="topology-search-go">
          Find
        </button>
        {searched !== null ? (
          <>
            <span className="muted" data-testid="topology-search-count">
              {v.matches.length} match{v.matches.length === 1 ? "" : "es"}
            </span>
            <button type="button" onClick={clearSearch}>
              Clear
            </button>
          </>
        ) : null}
      </form>
      <label>
        Group by{" "}
        <select
          value={v.grouping}
          onChange={(e) => v.setGrouping(e.currentTarget.value as Grouping)}
          data-testid="topology-grouping"
        >
          {GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {GROUPING_LABEL[g]}
            </option>
          ))}
        </select>
      </label>
      {v.grouping !== "none" ? (
        <>
          <button type="button" onClick={() => v.setCollapsed(groupIds())} data-testid="collapse-all">
            Collapse all
          </button>
          <button type="button" onClick={() => v.setCollapsed([])} data-testid="expand-all">
            Expand all
          </button>
        </>
      ) : null}
      {v.focus ? (
        <span className="graph-focus" data-testid="focus-banner">
          Focus: <strong>{v.focus.service}</strong>,{" "}
          <select
            aria-label="Focus hops"
            value={v.focus.hops}
            onChange={(e) => v.setFocus({ service: v.focus!.service, hops: Number(e.currentTarget.value) })}
            data-testid="focus-banner-hops"
          >
            {[1, 2, 3].map((h) => (
              <option key={h} value={h}>
                {h} hop{h > 1 ? "s" : ""}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => v.setFocus(null)} data-testid="focus-clear">
            Show all
          </button>
        </span>
      ) : null}
      {readOnly ? null : (
        <button
          type="button"
          onClick={() => {
            select(null);
            v.setSelectedEdge(null);
            v.setCreatingGateway(true);
          }}
          data-testid="topology-new-gateway"
        >
          New gateway
        </button>
      )}
      <label className="graph-window">
        Traffic over{" "}
        <select
          value={v.windowS}
          onChange={(e) => v.setWindowS(Number(e.currentTarget.value))}
          data-testid="traffic-window"
        >
          {TRAFFIC_WINDOWS.map((w) => (
            <option key={w.seconds} value={w.seconds}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
