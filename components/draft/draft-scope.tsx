"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState, type ReactNode } from "react";
import { can } from "@/lib/core/api/index.ts";
import { useDraft } from "@/lib/client/hooks/use-draft.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useRunningMesh } from "@/lib/client/hooks/use-running-mesh.ts";
import { queryKeys } from "@/lib/client/query-keys.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { DraftEditorProvider } from "./draft-editor.tsx";

/**
 * Editors (EDITOR, ADMIN) edit their draft; everyone else sees the running config read-only.
 * The provider is keyed by the draft id so a new draft starts a fresh history.
 */
export function DraftScope({ children }: { children: ReactNode }) {
  const me = useMe();
  const role = me.data?.user.role;
  const canEdit = role !== undefined && can(role, "edit");
  const draft = useDraft(canEdit);
  const running = useRunningMesh();
  const qc = useQueryClient();
  // Bumped by "reload" after a conflict: the editor remounts from the draft as saved elsewhere.
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    void qc.refetchQueries({ queryKey: queryKeys.changes.draft() }).then(() => setGeneration((g) => g + 1));
  }, [qc]);

  if (!me.data) return <QueryState isLoading={me.isLoading} error={me.error} label="your session" />;
  if (canEdit) {
    return (
      <QueryState isLoading={draft.isLoading} error={draft.error} label="your draft">
        {draft.data ? (
          <DraftEditorProvider
            key={`${draft.data.id}:${generation}`}
            draft={draft.data}
            mesh={draft.data.proposed}
            onReload={reload}
          >
            {children}
          </DraftEditorProvider>
        ) : null}
      </QueryState>
    );
  }
  return (
    <QueryState isLoading={running.isLoading} error={running.error} label="the running config">
      {running.data ? (
        <DraftEditorProvider
          key={`running-${running.data.version ?? 0}`}
          draft={null}
          mesh={running.data.mesh}
          onReload={reload}
        >
          {children}
        </DraftEditorProvider>
      ) : null}
    </QueryState>
  );
}
