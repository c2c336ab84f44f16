"use client";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type EdgeMouseHandler,
  type IsValidConnection,
  type NodeMouseHandler,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useState } from "react";
import { attachRouteToListener, detachRoute, setWeight } from "@/lib/core/draft/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { TopologyActionsContext, type TopologyActions } from "./actions-context.ts";
import { BindEdge } from "./bind-edge.tsx";
import { listenerIndexOf } from "./bind-edges.ts";
import { NodeIdentity } from "./node-identity.ts";
import { nodeTypes } from "./nodes.tsx";
import { meshToFlow } from "./to-flow.ts";
import { TrafficProvider, TrafficStore, TRAFFIC_REFRESH_MS, useTrafficFeed } from "./traffic-store.tsx";
import { MeshEdgeView } from "./mesh-edge.tsx";
import { meshFlowEdges, meshLabelsRight, meshTrafficEdges, placeMeshLabels } from "./mesh-edges.ts";
import { FIT, fitWithLane } from "./fit.ts";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { useTopologyView } from "./topology-view.tsx";
import type { BindEdge as BindEdgeType, MeshEdge, MeshNode } from "./types.ts";
import { useScene } from "./use-scene.ts";
import { WeightEdge } from "./weight-edge.tsx";
import { OVERVIEW_MIN_NODES, overviewZoom } from "./zoom.ts";

const edgeTypes = { weight: WeightEdge, bind: BindEdge, mesh: MeshEdgeView };

/** Only a gateway listener → route drag makes an edge: it attaches the route to the listener. */
const isListenerToRoute: IsValidConnection = (c) =>
  c.source.startsWith("gw:") && listenerIndexOf(c.sourceHandle) !== null && c.target.startsWith("route:");
const DELETE_KEYS = ["Backspace", "Delete"];
const EMPTY: { nodes: MeshNode[]; edges: MeshEdge[] } = { nodes: [], edges: [] };

const minimapColor = (n: MeshNode) =>
  n.type === "gateway"
    ? "#7c3aed"
    : n.type === "route"
      ? "#2563eb"
      : n.type === "meshGroup"
        ? "#f1f5f9"
        : n.type === "groupCollapsed"
          ? "#94a3b8"
          : "#16a34a";

/** Service-to-service edges the sidecars reported in the window, between the nodes drawn now. */
function useMeshFlowEdges(nodes: readonly MeshNode[], windowS: number): MeshEdge[] {
  const metrics = useMetrics("service-edge", windowS, "live", TRAFFIC_REFRESH_MS);
  const points = metrics.data?.points;
  return useMemo(() => {
    if (!points || points.length === 0) return [];
    return placeMeshLabels(meshFlowEdges(meshTrafficEdges(points, windowS), new Set(nodes.map((n) => n.id))), nodes);
  }, [points, nodes, windowS]);
}

/**
 * The graph: nodes are derived from the draft mesh and the view (grouping, collapsed groups, focus); positions
 * come from the cached layered layout; only weights are edited here. Live traffic flows through a store that
 * nodes and edges subscribe to, so a refresh never rebuilds the graph.
 */
export function TopologyCanvas() {
  const ed = useDraftEditor();
  const { mesh, issues, edit, select, readOnly } = ed;
  const view = useTopologyView();
  const { grouping, collapsed, focus, matches, setSelectedEdge, setCreatingGateway } = view;
  const { fitView, getNodesBounds } = useReactFlow();
  const flowStore = useStoreApi();
  const selected = ed.state.selection?.id;
  const graphView = useMemo(() => ({ grouping, collapsed, focus }), [grouping, collapsed, focus]);
  const { scene, layered } = useScene(mesh, graphView);
  const flow = useMemo(() => (scene ? meshToFlow(mesh, issues, scene) : EMPTY), [mesh, issues, scene]);

  const [store] = useState(() => new TrafficStore());
  useTrafficFeed(store, view.windowS);

  // Nodes keep their identity unless what they show changes (node-identity.ts): a weight drag must not remount
  // the slider under the pointer, and re-adopting 2,000 nodes on every click costs a frame.
  const [identity] = useState(() => new NodeIdentity());
  const parsed = useMemo(() => {
    const hit = new Set(matches);
    return identity.stabilize(
      flow.nodes.map((n) => ({
        ...n,
        deletable: false, // Delete only detaches a selected gateway → route edge
        ...(n.id === selected ? { selected: true } : {}),
        ...(hit.has(n.id) ? { className: "is-match" } : {}),
      })),
    );
  }, [identity, flow.nodes, selected, matches]);

  // Whole-mesh zoom on a large grouped graph: group frames only (see OVERVIEW_ZOOM).
  const far = useStore(overviewZoom);
  const members = scene?.model.groups.reduce((a, g) => a + g.members.length, 0) ?? 0;
  const overview = far && members > OVERVIEW_MIN_NODES && grouping !== "none";
  const nodes = useMemo(
    () =>
      overview
        ? parsed.map((n) => (n.type === "meshGroup" || n.type === "groupCollapsed" ? n : { ...n, hidden: true }))
        : parsed,
    [overview, parsed],
  );
  // A clicked gateway → route edge is selected, so Delete or Backspace detaches the route (onEdgesDelete).
  const [selectedBind, setSelectedBind] = useState<string | null>(null);
  // Service-to-service edges the sidecars report (live traffic, not config): never deletable.
  const meshEdges = useMeshFlowEdges(flow.nodes, view.windowS);
  const edges = useMemo(
    () =>
      overview
        ? flow.edges.filter((e) => e.className === "edge-aggregate")
        : [
            ...flow.edges.map((e) =>
              e.type !== "bind"
                ? { ...e, deletable: false }
                : {
                    ...e,
                    deletable: !readOnly && (e as BindEdgeType).data?.detachable === true,
                    selected: e.id === selectedBind,
                  },
            ),
            ...meshEdges.map((e) => ({ ...e, deletable: false })),
          ],
    [overview, flow.edges, selectedBind, readOnly, meshEdges],
  );

  // Re-fit when new positions arrive (the layered layout, a focus, a grouping, a group folded or opened: each is a
  // new layout; weight edits reuse the cached one and keep the user's view), and onto the matches after a search;
  // also when the mesh edges' labels come in, go or change their lane, to make or drop room for them.
  const positions = scene?.positions;
  const labelsRight = useMemo(() => meshLabelsRight(meshEdges), [meshEdges]);
  useEffect(() => {
    if (!positions) return;
    const hit = matches.filter((id) => id in positions);
    // After React Flow has taken the new nodes in (its store updates in an effect of its own).
    const frame = requestAnimationFrame(() => {
      if (hit.length) return void fitView({ ...FIT, nodes: hit.map((id) => ({ id })), maxZoom: 1 });
      if (labelsRight === null) return void fitView(FIT);
      const { width, height, nodeLookup, maxZoom } = flowStore.getState();
      const graph = getNodesBounds([...nodeLookup.keys()]);
      const lane = Math.max(0, labelsRight - (graph.x + graph.width));
      void fitView(fitWithLane(graph, { width, height }, lane, maxZoom));
    });
    return () => cancelAnimationFrame(frame);
  }, [positions, matches, fitView, labelsRight, getNodesBounds, flowStore]);

  const actions = useMemo<TopologyActions>(
    () => ({
      readOnly,
      setWeight: (at, weight) => edit(setWeight(mesh, at, weight), `weight:${at.route}:${at.rule}:${at.destination}`),
      detach: (at) => edit(detachRoute(mesh, at)),
    }),
    [readOnly, edit, mesh],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const gateway = mesh.gateways.find((g) => `gw:${g.name}` === c.source);
      const listener = gateway?.listeners[listenerIndexOf(c.sourceHandle) ?? -1];
      if (!gateway || !listener || !c.target.startsWith("route:")) return;
      edit(attachRouteToListener(mesh, c.target.slice("route:".length), gateway.name, listener.name));
    },
    [mesh, edit],
  );
  const onEdgesDelete = useCallback(
    (deleted: MeshEdge[]) => {
      let next = mesh;
      for (const e of deleted) {
        const d = (e as BindEdgeType).data;
        if (e.type === "bind" && d?.detachable)
          next = detachRoute(next, { route: d.route, gateway: d.gateway, ref: d.ref });
      }
      setSelectedBind(null);
      edit(next);
    },
    [mesh, edit],
  );

  const onNodeClick = useCallback<NodeMouseHandler<MeshNode>>(
    (_, node) => {
      if (node.type === "meshGroup" || node.type === "groupCollapsed") return;
      setSelectedEdge(null);
      setCreatingGateway(false);
      select({ kind: node.type as "gateway" | "route" | "service" | "version", id: node.id });
    },
    [select, setSelectedEdge, setCreatingGateway],
  );
  const onEdgeClick = useCallback<EdgeMouseHandler<MeshEdge>>(
    (_, edge) => {
      if (edge.type !== "weight" || !edge.data) return;
      const d = edge.data as { route: string; service: string; version: string };
      setSelectedEdge({ route: d.route, service: d.service, version: d.version });
    },
    [setSelectedEdge],
  );
  // Selection by click or keyboard (Enter on a focused edge) arrives as changes: the edges are controlled here.
  const onEdgesChange = useCallback((changes: EdgeChange<MeshEdge>[]) => {
    for (const c of changes)
      if (c.type === "select" && c.id.startsWith("gw:"))
        setSelectedBind((prev) => (c.selected ? c.id : prev === c.id ? null : prev));
  }, []);
  const onPaneClick = useCallback(() => {
    setSelectedBind(null);
    select(null);
    setSelectedEdge(null);
  }, [select, setSelectedEdge]);

  return (
    <TopologyActionsContext.Provider value={actions}>
      <TrafficProvider value={store}>
        <div
          className="topology-canvas"
          data-testid="topology-canvas"
          data-layout={scene ? (layered ? "layered" : "provisional") : "pending"}
          data-nodes={nodes.length}
          data-overview={overview ? "true" : "false"}
        >
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            nodesDraggable={false}
            nodesConnectable={!readOnly}
            onConnect={onConnect}
            isValidConnection={isListenerToRoute}
            onEdgesDelete={onEdgesDelete}
            onEdgesChange={onEdgesChange}
            deleteKeyCode={DELETE_KEYS}
            onNodeClick={onNodeClick}
            onEdgeClick={onEdgeClick}
            onPaneClick={onPaneClick}
            onlyRenderVisibleElements
            // Nodes never overlap here; lifting a selected one would lift its edges over the weight labels too.
            elevateNodesOnSelect={false}
            fitView
            fitViewOptions={FIT}
            minZoom={0.02}
            maxZoom={1.6}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} />
            <MiniMap<MeshNode>
              pannable
              zoomable
              style={{ width: 160, height: 110 }}
              nodeColor={minimapColor}
              nodeStrokeWidth={0}
              ariaLabel="Topology overview"
              data-testid="topology-minimap"
            />
          </ReactFlow>
        </div>
      </TrafficProvider>
    </TopologyActionsContext.Provider>
  );
}
