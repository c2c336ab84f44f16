"use client";
import { createContext, useContext } from "react";
import type { DestinationAt } from "@/lib/core/draft/index.ts";

export interface TopologyActions {
  readOnly: boolean;
  setWeight: (at: DestinationAt, weight: number) => void;
}

export const TopologyActionsContext = createContext<TopologyActions>({ readOnly: true, setWeight: () => {} });
export const useTopologyActions = () => useContext(TopologyActionsContext);
