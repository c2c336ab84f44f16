"use client";
import { useEffect } from "react";
import { DraftScope } from "@/components/draft/draft-scope.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { DraftToolbar } from "@/components/draft/draft-toolbar.tsx";
import { ReactFlowProvider } from "@xyflow/react";
import { GraphToolbar } from "@/components/graph/graph-toolbar.tsx";
import { SelectionPanel } from "@/components/graph/selection-panel.tsx";
import { TopologyCanvas } from "@/components/graph/topology-canvas.tsx";
import { TopologyViewProvider } from "@/components/graph/topology-view.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

function UndoShortcuts() {
  const { undo, redo, readOnly } = useDraftEditor();
  useEffect(() => {
    if (readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest("input[type=text], input:not([type]), textarea, select")) return;
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== "z") return;
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, readOnly]);
  return null;
}

export function TopologyPageClient() {
  return (
    <>
      <PageHeader title="Topology" />
      <DraftScope>
        <UndoShortcuts />
        <DraftToolbar />
        <TopologyViewProvider>
          <ReactFlowProvider>
            <GraphToolbar />
            <div className="topology-layout">
              <TopologyCanvas />
              <SelectionPanel />
            </div>
          </ReactFlowProvider>
        </TopologyViewProvider>
      </DraftScope>
    </>
  );
}
