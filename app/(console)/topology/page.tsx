import type { Metadata } from "next";
import { TopologyPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Topology" };

export default function TopologyPage() {
  return <TopologyPageClient />;
}
