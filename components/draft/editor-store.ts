import type { MeshConfig } from "@/lib/core/index.ts";

/** What the user has selected in the topology (node ids from to-flow). */
export type Selection = { kind: "gateway" | "route" | "service" | "version"; id: string } | null;

export interface EditorState {
  mesh: MeshConfig;
  past: MeshConfig[];
  future: MeshConfig[];
  selection: Selection;
  /** Bumped on every edit; the draft editor saves when it moves. */
  revision: number;
  /** Edits with the same key within COALESCE_MS form one undo step (a slider drag). */
  lastKey: string | null;
  lastAt: number;
}

export type EditorAction =
  | { type: "edit"; mesh: MeshConfig; key?: string; at: number }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "select"; selection: Selection };

const COALESCE_MS = 1_500;
const HISTORY_LIMIT = 100;

export function initEditor(mesh: MeshConfig): EditorState {
  return { mesh, past: [], future: [], selection: null, revision: 0, lastKey: null, lastAt: 0 };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "edit": {
      const coalesce =
        action.key !== undefined && action.key === state.lastKey && action.at - state.lastAt < COALESCE_MS;
      const past = coalesce ? state.past : [...state.past, state.mesh].slice(-HISTORY_LIMIT);
      return {
        ...state,
        mesh: action.mesh,
        past,
        future: [],
        revision: state.revision + 1,
        lastKey: action.key ?? null,
        lastAt: action.at,
      };
    }
    case "undo": {
      const prev = state.past.at(-1);
      if (!prev) return state;
      return {
        ...state,
        mesh: prev,
        past: state.past.slice(0, -1),
        future: [state.mesh, ...state.future],
        revision: state.revision + 1,
        lastKey: null,
      };
    }
    case "redo": {
      const next = state.future[0];
      if (!next) return state;
      return {
        ...state,
        mesh: next,
        past: [...state.past, state.mesh],
        future: state.future.slice(1),
        revision: state.revision + 1,
        lastKey: null,
      };
    }
    case "select":
      return { ...state, selection: action.selection };
  }
}
