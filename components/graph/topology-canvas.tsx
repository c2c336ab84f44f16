"use client";
import { Background, Controls, ReactFlow, type NodeMouseHandler } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo } from "react";
import { setWeight } from "@/lib/core/draft/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { TopologyActionsContext, type TopologyActions } from "./actions-context.ts";
import { nodeTypes } from "./nodes.tsx";
import { meshToFlow } from "./to-flow.ts";
import type { MeshNode } from "./types.ts";
import { WeightEdge } from "./weight-edge.tsx";

const edgeTypes = { weight: WeightEdge };

/** The graph: nodes are derived from the draft mesh each render; only weights are edited here. */
export function TopologyCanvas() {
  const ed = useDraftEditor();
  const { mesh, issues, edit, select, readOnly } = ed;
  const selected = ed.state.selection?.id;
  const flow = useMemo(() => meshToFlow(mesh, issues), [mesh, issues]);
  // Nodes keep their identity unless what they show changes: React Flow re-measures new node objects and
  // briefly drops their edges, which would remount the weight slider under the pointer mid-drag.
  const nodesJson = JSON.stringify(flow.nodes.map((n) => (n.id === selected ? { ...n, selected: true } : n)));
  const nodes = useMemo(() => JSON.parse(nodesJson) as MeshNode[], [nodesJson]);

  const actions = useMemo<TopologyActions>(
    () => ({
      readOnly,
      setWeight: (at, weight) => edit(setWeight(mesh, at, weight), `weight:${at.route}:${at.rule}:${at.destination}`),
    }),
    [readOnly, edit, mesh],
  );

  const onNodeClick = useCallback<NodeMouseHandler<MeshNode>>(
    (_, node) => select({ kind: node.type as "gateway" | "route" | "service" | "version", id: node.id }),
    [select],
  );

  return (
    <TopologyActionsContext.Provider value={actions}>
      <div className="topology-canvas" data-testid="topology-canvas">
        <ReactFlow
          nodes={nodes}
          edges={flow.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          onNodeClick={onNodeClick}
          onPaneClick={() => select(null)}
          fitView
          fitViewOptions={{ padding: 0.08 }}
          minZoom={0.3}
          maxZoom={1.6}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </TopologyActionsContext.Provider>
  );
}
