import type { Metadata } from "next";
import { METRICS_RANGES, type MetricsRange } from "@/lib/core/api/index.ts";
import { MetricsPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Metrics" };

export default async function MetricsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const range = (METRICS_RANGES as readonly string[]).includes(String(sp.range)) ? (sp.range as MetricsRange) : "live";
  return <MetricsPageClient initialGroupBy={sp.groupBy === "version" ? "version" : "route"} initialRange={range} />;
}
