import type { Metadata } from "next";
import { ExportPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Export" };

const one = (v: string | string[] | undefined) => (typeof v === "string" && v !== "" ? v : undefined);

export default async function ExportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const version = typeof sp.version === "string" && /^\d+$/.test(sp.version) ? Number(sp.version) : undefined;
  const format = sp.format === "gateway-api" ? "gateway-api" : "istio";
  // A change wins over a version: the API refuses both at once.
  const change = one(sp.change);
  return <ExportPageClient initial={{ format, version: change === undefined ? version : undefined, change, service: one(sp.service) }} />;
}
