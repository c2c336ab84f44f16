import { describe, expect, it } from "vitest";
import { editorReducer, initEditor, type EditorAction, type EditorState } from "@/components/draft/editor-store.ts";
import { setWeight } from "@/lib/core/draft/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { bookinfo } from "../graph/meshes.ts";

const reviews = { route: "reviews", rule: 0, destination: 1 };
const weightOf = (mesh: MeshConfig) => mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations[1]!.weight;
const run = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);
const edit = (state: EditorState, weight: number, at: number, key?: string): EditorAction => ({
  type: "edit",
  mesh: setWeight(state.mesh, reviews, weight),
  key,
  at,
});

/** Applies weight edits one after another, each computed from the state before it. */
function drag(state: EditorState, steps: [weight: number, at: number, key?: string][]): EditorState {
  return steps.reduce((s, [w, at, key]) => editorReducer(s, edit(s, w, at, key)), state);
}

describe("editorReducer", () => {
  it("records each edit as an undo step, and undo/redo walk the history", () => {
    const start = initEditor(bookinfo());
    const s = drag(start, [
      [30, 1_000],
      [40, 1_100],
    ]);
    expect(weightOf(s.mesh)).toBe(40);
    expect(s.past).toHaveLength(2);
    expect(s.revision).toBe(2);

    const undone = run(s, { type: "undo" });
    expect(weightOf(undone.mesh)).toBe(30);
    expect(undone.future).toHaveLength(1);
    expect(undone.revision).toBe(3);
    const back = run(undone, { type: "undo" });
    expect(back.mesh).toBe(start.mesh);
    expect(run(back, { type: "undo" })).toBe(back);

    const redone = run(back, { type: "redo" }, { type: "redo" });
    expect(weightOf(redone.mesh)).toBe(40);
    expect(redone.future).toEqual([]);
    expect(run(redone, { type: "redo" })).toBe(redone);
  });

  it("coalesces edits with the same key within 1.5 s into one undo step", () => {
    const start = initEditor(bookinfo());
    const s = drag(start, [
      [30, 1_000, "w"],
      [35, 2_000, "w"],
      [40, 3_400, "w"],
    ]);
    expect(s.past).toHaveLength(1);
    expect(s.revision).toBe(3);
    expect(run(s, { type: "undo" }).mesh).toBe(start.mesh);
  });

  it("starts a new undo step after 1.5 s, with another key, without a key, or after an undo", () => {
    const start = initEditor(bookinfo());
    expect(
      drag(start, [
        [30, 1_000, "w"],
        [35, 2_500, "w"],
      ]).past,
    ).toHaveLength(2);
    expect(
      drag(start, [
        [30, 1_000, "a"],
        [35, 1_100, "b"],
      ]).past,
    ).toHaveLength(2);
    expect(
      drag(start, [
        [30, 1_000],
        [35, 1_100],
      ]).past,
    ).toHaveLength(2);
    const afterUndo = run(drag(start, [[30, 1_000, "w"]]), { type: "undo" });
    expect(drag(afterUndo, [[35, 1_100, "w"]]).past).toHaveLength(1);
  });

  it("a new edit clears the redo history", () => {
    const s = run(drag(initEditor(bookinfo()), [[30, 1_000]]), { type: "undo" });
    expect(s.future).toHaveLength(1);
    expect(drag(s, [[50, 2_000]]).future).toEqual([]);
  });

  it("keeps the last 100 steps", () => {
    let s = initEditor(bookinfo());
    for (let i = 0; i < 120; i++) s = drag(s, [[i % 2 === 0 ? 30 : 40, i * 10]]);
    expect(s.past).toHaveLength(100);
    expect(s.revision).toBe(120);
  });

  it("selection is not an edit", () => {
    const start = initEditor(bookinfo());
    const s = run(start, { type: "select", selection: { kind: "route", id: "route:reviews" } });
    expect(s.selection).toEqual({ kind: "route", id: "route:reviews" });
    expect(s.revision).toBe(0);
    expect(s.mesh).toBe(start.mesh);
  });
});
