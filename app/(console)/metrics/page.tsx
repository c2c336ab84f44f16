import type { Metadata } from "next";
import { MetricsPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Metrics" };

export default async function MetricsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  return <MetricsPageClient initialGroupBy={sp.groupBy === "version" ? "version" : "route"} />;
}
