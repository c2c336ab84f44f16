"use client";
import { createContext, useContext } from "react";

export interface TopologyActions {
  readOnly: boolean;
  setWeight: (route: string, ruleIndex: number, destIndex: number, weight: number) => void;
}

export const TopologyActionsContext = createContext<TopologyActions>({ readOnly: true, setWeight: () => {} });
export const useTopologyActions = () => useContext(TopologyActionsContext);
