"use client";
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from "react";
import { edgeMetricsKey } from "@/lib/core/api/index.ts";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { combineTraffic, trafficByKey, type Traffic } from "./traffic.ts";

/** How often the graph's figures refresh (TanStack Query pauses while the tab is hidden). */
export const TRAFFIC_REFRESH_MS = 5_000;

type Kind = "edge" | "route" | "version";

/**
 * Live figures for the graph, outside React state: each node or edge subscribes to its own key and re-renders only
 * when its figure changes, so a refresh of a 2,000-node graph re-renders the few elements with traffic.
 */
export class TrafficStore {
  private maps: Record<Kind, Map<string, Traffic>> = { edge: new Map(), route: new Map(), version: new Map() };
  private listeners = new Set<() => void>();

  set(kind: Kind, next: Map<string, Traffic>): void {
    const prev = this.maps[kind];
    // Keep the previous object where the figure is unchanged, so subscribers compare equal and skip a render.
    for (const [k, t] of next) {
      const p = prev.get(k);
      if (p && p.rps === t.rps && p.errorRate === t.errorRate && p.p99 === t.p99) next.set(k, p);
    }
    this.maps[kind] = next;
    for (const l of this.listeners) l();
  }
  get(kind: Kind, key: string): Traffic | undefined {
    return this.maps[kind].get(key);
  }
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

const TrafficContext = createContext<TrafficStore | null>(null);
export const TrafficProvider = TrafficContext.Provider;

/** One element's figure; undefined without traffic in the window (or outside a TrafficProvider). */
export function useTraffic(kind: Kind, key: string): Traffic | undefined {
  const store = useContext(TrafficContext);
  const subscribe = store?.subscribe ?? noopSubscribe;
  return useSyncExternalStore(
    subscribe,
    () => store?.get(kind, key),
    () => undefined,
  );
}

/** A service's figure: its versions' combined. */
export function useServiceTraffic(service: string, versions: readonly string[]): Traffic | undefined {
  const store = useContext(TrafficContext);
  const subscribe = store?.subscribe ?? noopSubscribe;
  const snapshot = () => {
    const t = combineTraffic(versions.map((v) => store?.get("version", `${service}/${v}`)));
    return t ? `${t.rps}|${t.errorRate}|${t.p99}` : "";
  };
  const s = useSyncExternalStore(subscribe, snapshot, () => "");
  return useMemo(() => {
    if (!s) return undefined;
    const [rps, errorRate, p99] = s.split("|");
    return { rps: Number(rps), errorRate: Number(errorRate), p99: p99 === "null" ? null : Number(p99) };
  }, [s]);
}

/** A collapsed group's figure: the combined traffic of its routes. */
export function useRoutesTraffic(routes: readonly string[]): Traffic | undefined {
  const store = useContext(TrafficContext);
  const subscribe = store?.subscribe ?? noopSubscribe;
  const snapshot = () => {
    const t = combineTraffic(routes.map((r) => store?.get("route", r)));
    return t ? `${t.rps}|${t.errorRate}|${t.p99}` : "";
  };
  const s = useSyncExternalStore(subscribe, snapshot, () => "");
  return useMemo(() => {
    if (!s) return undefined;
    const [rps, errorRate, p99] = s.split("|");
    return { rps: Number(rps), errorRate: Number(errorRate), p99: p99 === "null" ? null : Number(p99) };
  }, [s]);
}

const noopSubscribe = () => () => {};

/** Polls edge, route and version series for the window and feeds them into `store`. */
export function useTrafficFeed(store: TrafficStore, windowS: number): void {
  const edge = useMetrics("edge", windowS, "live", TRAFFIC_REFRESH_MS);
  const route = useMetrics("route", windowS, "live", TRAFFIC_REFRESH_MS);
  const version = useMetrics("version", windowS, "live", TRAFFIC_REFRESH_MS);
  useEffect(() => {
    if (edge.data) store.set("edge", trafficByKey(edge.data.points, windowS));
  }, [store, edge.data, windowS]);
  useEffect(() => {
    if (route.data) store.set("route", trafficByKey(route.data.points, windowS));
  }, [store, route.data, windowS]);
  useEffect(() => {
    if (version.data) store.set("version", trafficByKey(version.data.points, windowS));
  }, [store, version.data, windowS]);
}

export const edgeTrafficKey = (route: string, service: string, version: string) =>
  edgeMetricsKey(route, `${service}/${version}`);
