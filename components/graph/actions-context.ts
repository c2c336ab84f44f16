"use client";
import { createContext, useContext } from "react";
import type { AttachmentAt, DestinationAt } from "@/lib/core/draft/index.ts";

export interface TopologyActions {
  readOnly: boolean;
  setWeight: (at: DestinationAt, weight: number) => void;
  /** Detaches a route from a gateway listener (or the whole gateway): deleting its edge. */
  detach: (at: AttachmentAt) => void;
}

export const TopologyActionsContext = createContext<TopologyActions>({
  readOnly: true,
  setWeight: () => {},
  detach: () => {},
});
export const useTopologyActions = () => useContext(TopologyActionsContext);
