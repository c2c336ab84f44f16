"use client";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { API_ERRORS, type ApiIssue, type ChangeDetail } from "@/lib/core/api/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { isApiClientError } from "@/lib/client/api.ts";
import { draftRevisions } from "@/lib/client/draft-revisions.ts";
import { useSaveDraft } from "@/lib/client/hooks/use-save-draft.ts";
import { editorReducer, initEditor, type EditorState, type Selection } from "./editor-store.ts";
import { normalizeIssues } from "./issues.ts";
import { localDrafts } from "./local-drafts.ts";

export type SaveState = "idle" | "pending" | "saving" | "saved" | "error";

export interface DraftEditor {
  readOnly: boolean;
  changeId: string | null;
  mesh: MeshConfig;
  state: EditorState;
  issues: ApiIssue[];
  diffCount: number | null;
  saveState: SaveState;
  saveError: string | null;
  /**
   * Replace the mesh with `next`, the result of a draft command (lib/core/draft) on `mesh`; a command that did
   * nothing returns `mesh` itself and is not recorded. Edits with the same key in quick succession are one undo step.
   */
  edit: (next: MeshConfig, key?: string) => void;
  undo: () => void;
  redo: () => void;
  select: (s: Selection) => void;
  /** Saves a pending edit now; `then` runs once everything is saved (immediately when nothing is pending). */
  flush: (then?: () => void) => void;
  /** The running config moved on since the draft was started. */
  stale: boolean;
  /** The last save was refused because the draft was changed elsewhere (another tab, the CLI). */
  conflict: boolean;
  /** Drop the local edits and load the draft as saved elsewhere. */
  reload: () => void;
  /** Save the local edits over the ones made elsewhere. */
  overwrite: () => void;
}

const Ctx = createContext<DraftEditor | null>(null);
const SAVE_DEBOUNCE_MS = 400;

export function useDraftEditor(): DraftEditor {
  const v = useContext(Ctx);
  if (!v) throw new Error("useDraftEditor outside DraftEditorProvider");
  return v;
}

interface Props {
  /** The editable draft, or null for read-only (viewer/approver) mode over `mesh`. */
  draft: ChangeDetail | null;
  mesh: MeshConfig;
  /** Loads the draft from the server again and remounts the editor (the "reload" answer to a conflict). */
  onReload: () => void;
  children: ReactNode;
}

/** Holds the local draft mesh, undo history and the debounced PUT. Mount with `key={draft.id}`. */
export function DraftEditorProvider({ draft, mesh, onReload, children }: Props) {
  // Another page's editor may hold edits of this draft that are not saved (or not answered) yet: start from them.
  const [local] = useState(() => (draft ? localDrafts.get(draft.id) : undefined));
  const [state, dispatch] = useReducer(editorReducer, local?.mesh ?? mesh, initEditor);
  const [savedRevision, setSavedRevision] = useState(0);
  const save = useSaveDraft();
  const changeId = draft?.id ?? null;
  const readOnly = draft === null;
  // The tab's edits start from the revision it loaded, unless an editor of another page got there first.
  useEffect(() => {
    if (draft) draftRevisions.adopt(draft.id, draft.revision);
  }, [draft]);

  const inFlight = useRef<{ revision: number; promise: Promise<boolean> } | null>(null);
  const doSave = useCallback(
    (m: MeshConfig, revision: number, then?: () => void, overwrite = false) => {
      if (!changeId) return;
      // mutateAsync, not mutate's per-call callbacks: TanStack Query calls those only for the latest mutate, so a
      // save that overlaps another would never run its `then` (a flush's follow-up would be lost).
      const settled = () => setSavedRevision((r) => Math.max(r, revision));
      const promise = save.mutateAsync({ id: changeId, proposed: m, overwrite }).then(
        () => {
          settled();
          return true;
        },
        () => {
          settled(); // the error itself is shown from save.error
          return false;
        },
      );
      inFlight.current = { revision, promise };
      void promise.then((ok) => {
        if (ok) then?.();
      });
    },
    [changeId, save],
  );

  useEffect(() => {
    if (draft && state.revision > 0) localDrafts.set(draft.id, { mesh: state.mesh, refused: save.isError });
  }, [draft, state.mesh, state.revision, save.isError]);

  // A proposal the server refused on the other page is sent again, so its issues show here too.
  useEffect(() => {
    if (local?.refused) dispatch({ type: "edit", mesh: local.mesh, key: "restore", at: Date.now() });
  }, [local]);

  const latest = useRef({ state, savedRevision, doSave });
  useEffect(() => {
    latest.current = { state, savedRevision, doSave };
  });

  const pendingSave = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (readOnly || state.revision === 0) return;
    const t = setTimeout(() => latest.current.doSave(state.mesh, state.revision), SAVE_DEBOUNCE_MS);
    pendingSave.current = t;
    return () => clearTimeout(t);
  }, [readOnly, state.mesh, state.revision]);

  // Flush an unsaved edit when the editor unmounts (navigation within the debounce window).
  useEffect(
    () => () => {
      const { state: s, savedRevision: saved, doSave: fn } = latest.current;
      if (s.revision > saved) fn(s.mesh, s.revision);
    },
    [],
  );

  const flush = useCallback((then?: () => void) => {
    // The debounced save of the same edit would race this one (same base revision): it is this one now.
    if (pendingSave.current !== null) clearTimeout(pendingSave.current);
    const { state: s, savedRevision: saved, doSave: fn } = latest.current;
    const running = inFlight.current;
    // This edit's save already left: wait for it rather than send the same revision twice (the second would 409).
    if (s.revision > saved && running?.revision === s.revision)
      void running.promise.then((ok) => {
        if (ok) then?.();
      });
    else if (s.revision > saved) fn(s.mesh, s.revision, then);
    else then?.();
  }, []);

  const reload = useCallback(() => {
    if (!changeId) return;
    localDrafts.forget(changeId);
    draftRevisions.forget(changeId);
    onReload();
  }, [changeId, onReload]);

  const overwrite = useCallback(() => {
    const { state: s, doSave: fn } = latest.current;
    fn(s.mesh, s.revision, undefined, true);
  }, []);

  const value = useMemo<DraftEditor>(() => {
    const err = save.error;
    const errIssues = isApiClientError(err) ? normalizeIssues(err.issues) : [];
    const saved = save.data ?? draft;
    const issues = err ? errIssues : normalizeIssues(saved?.issues ?? []);
    let saveState: SaveState = "idle";
    if (state.revision > savedRevision) saveState = save.isPending ? "saving" : "pending";
    else if (err) saveState = "error";
    else if (state.revision > 0) saveState = "saved";
    return {
      readOnly,
      changeId,
      mesh: state.mesh,
      state,
      issues,
      diffCount: saved ? saved.diff.length : null,
      saveState,
      saveError: err ? err.message : null,
      edit: (next, key) => {
        if (!readOnly && next !== state.mesh) dispatch({ type: "edit", mesh: next, key, at: Date.now() });
      },
      undo: () => dispatch({ type: "undo" }),
      redo: () => dispatch({ type: "redo" }),
      select: (selection) => dispatch({ type: "select", selection }),
      flush,
      stale: (save.data ?? draft)?.stale ?? false,
      conflict: isApiClientError(err) && err.code === API_ERRORS.STALE_REVISION.code,
      reload,
      overwrite,
    };
  }, [
    save.error,
    save.data,
    save.isPending,
    draft,
    state,
    savedRevision,
    readOnly,
    changeId,
    flush,
    reload,
    overwrite,
  ]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
