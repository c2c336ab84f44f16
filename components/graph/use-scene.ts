"use client";
import { useEffect, useMemo, useState } from "react";
import type { MeshConfig } from "@/lib/core/index.ts";
import { elkLayout } from "./elk-layout.ts";
import {
  buildGraphModel,
  layoutKey,
  provisionalLayout,
  type GraphModel,
  type GraphView,
  type Positions,
} from "./graph-model.ts";
import type { Scene } from "./to-flow.ts";

/** Up to this many top-level nodes the page waits for the layered layout (ELK answers in well under a second). */
const WAIT_FOR_LAYOUT_BELOW = 200;
const MEMORY_ENTRIES = 24;
const STORAGE_PREFIX = "signalbox.layout.";

/** Layouts by graph structure: weight edits, traffic and selection never change the key, so never re-layout. */
const memory = new Map<string, Positions>();

function remember(key: string, positions: Positions): void {
  memory.delete(key);
  memory.set(key, positions);
  while (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
  try {
    sessionStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(positions));
  } catch {
    // Storage full or unavailable: the memory cache still serves this page.
  }
}

function recall(key: string): Positions | null {
  const hit = memory.get(key);
  if (hit) return hit;
  try {
    const stored = sessionStorage.getItem(STORAGE_PREFIX + key);
    if (!stored) return null;
    const positions = JSON.parse(stored) as Positions;
    memory.set(key, positions);
    return positions;
  } catch {
    return null;
  }
}

/**
 * The scene to draw: the view's graph model with its layered layout (ELK in a Web Worker, cached by structure).
 * A large graph is drawn at once with the provisional layout and moves to the layered one when it arrives; a
 * small one waits for it (keeping its previous scene, or none on the first load), so nothing jumps under the pointer.
 */
export function useScene(mesh: MeshConfig, view: GraphView): { scene: Scene | null; layered: boolean } {
  const model = useMemo(() => buildGraphModel(mesh, view), [mesh, view]);
  const key = useMemo(() => `${view.grouping}-${layoutKey(model)}`, [model, view.grouping]);
  const [done, setDone] = useState<{ key: string; model: GraphModel; positions: Positions } | null>(null);
  const cached = done?.key === key ? done.positions : recall(key);

  useEffect(() => {
    if (recall(key)) return;
    let live = true;
    elkLayout(model)
      .then((positions) => {
        remember(key, positions);
        if (live) setDone({ key, model, positions });
      })
      .catch((e: unknown) => {
        // A failed worker must not leave an empty page: keep the provisional layout for this structure.
        console.error("topology layout failed", e);
        const positions = provisionalLayout(model);
        remember(key, positions);
        if (live) setDone({ key, model, positions });
      });
    return () => {
      live = false;
    };
  }, [key, model]);

  const members = model.groups.reduce((a, g) => a + g.members.length, 0);
  const provisional = useMemo(
    () => (cached || members < WAIT_FOR_LAYOUT_BELOW ? null : provisionalLayout(model)),
    [cached, members, model],
  );
  if (cached) return { scene: { model, positions: cached }, layered: true };
  if (provisional) return { scene: { model, positions: provisional }, layered: false };
  // A small graph whose structure just changed keeps its previous scene for the moment ELK takes.
  return { scene: done ? { model: done.model, positions: done.positions } : null, layered: false };
}
