"use client";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Grouping } from "./graph-model.ts";

/** Traffic windows the topology offers (seconds; the metrics API keeps up to 900). */
export const TRAFFIC_WINDOWS = [
  { seconds: 60, label: "1 m" },
  { seconds: 300, label: "5 m" },
  { seconds: 900, label: "15 m" },
] as const;

export interface EdgeRef {
  route: string;
  service: string;
  version: string;
}

/** How the topology is looked at (not what the mesh is): shared by the canvas, its toolbar and the side panel. */
export interface TopologyView {
  grouping: Grouping;
  setGrouping: (g: Grouping) => void;
  collapsed: ReadonlySet<string>;
  toggleGroup: (id: string) => void;
  setCollapsed: (ids: Iterable<string>) => void;
  focus: { service: string; hops: number } | null;
  setFocus: (f: { service: string; hops: number } | null) => void;
  /** Node ids the last search matched, highlighted and fitted into view. */
  matches: readonly string[];
  setMatches: (ids: readonly string[]) => void;
  windowS: number;
  setWindowS: (s: number) => void;
  selectedEdge: EdgeRef | null;
  setSelectedEdge: (e: EdgeRef | null) => void;
  /** The side panel shows the new-gateway form (opened from the toolbar). */
  creatingGateway: boolean;
  setCreatingGateway: (open: boolean) => void;
}

const TopologyViewContext = createContext<TopologyView | null>(null);

export function useTopologyView(): TopologyView {
  const v = useContext(TopologyViewContext);
  if (!v) throw new Error("useTopologyView outside TopologyViewProvider");
  return v;
}

export function TopologyViewProvider({ children }: { children: ReactNode }) {
  const [grouping, setGroupingState] = useState<Grouping>("namespace");
  const [collapsed, setCollapsedState] = useState<ReadonlySet<string>>(new Set());
  const [focus, setFocus] = useState<TopologyView["focus"]>(null);
  const [matches, setMatches] = useState<readonly string[]>([]);
  const [windowS, setWindowS] = useState<number>(60);
  const [selectedEdge, setSelectedEdge] = useState<EdgeRef | null>(null);
  const [creatingGateway, setCreatingGateway] = useState(false);
  const setGrouping = useCallback((g: Grouping) => {
    setGroupingState(g);
    setCollapsedState(new Set()); // group ids are per grouping
  }, []);
  const toggleGroup = useCallback(
    (id: string) =>
      setCollapsedState((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const setCollapsed = useCallback((ids: Iterable<string>) => setCollapsedState(new Set(ids)), []);
  const value = useMemo<TopologyView>(
    () => ({
      grouping,
      setGrouping,
      collapsed,
      toggleGroup,
      setCollapsed,
      focus,
      setFocus,
      matches,
      setMatches,
      windowS,
      setWindowS,
      selectedEdge,
      setSelectedEdge,
      creatingGateway,
      setCreatingGateway,
    }),
    [
      grouping,
      setGrouping,
      collapsed,
      toggleGroup,
      setCollapsed,
      focus,
      matches,
      windowS,
      selectedEdge,
      creatingGateway,
    ],
  );
  return <TopologyViewContext.Provider value={value}>{children}</TopologyViewContext.Provider>;
}
