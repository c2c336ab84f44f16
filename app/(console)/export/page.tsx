import type { Metadata } from "next";
import { ExportPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Export" };

export default async function ExportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const version = typeof sp.version === "string" && /^\d+$/.test(sp.version) ? Number(sp.version) : undefined;
  const format = sp.format === "gateway-api" ? "gateway-api" : "istio";
  return <ExportPageClient initial={{ format, version }} />;
}
