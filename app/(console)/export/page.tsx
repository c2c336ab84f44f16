import type { Metadata } from "next";
import { ExportQuerySchema } from "@/lib/core/api/index.ts";
import { ExportPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Export" };

/**
 * The page's query string is the API's (/export?version=3&service=reviews links straight to the YAML a user
 * saw), read with the API's schema; a value that does not parse is left out rather than failing the page.
 */
export default async function ExportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const first = (k: string) => {
    const v = sp[k];
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  const q = ExportQuerySchema.shape;
  const change = q.change.safeParse(first("change")).data;
  return (
    <ExportPageClient
      initial={{
        format: q.format.safeParse(first("format")).data ?? "istio",
        // A change wins over a version: the API refuses both at once.
        version: change === undefined ? q.version.safeParse(first("version")).data : undefined,
        change,
        service: q.service.safeParse(first("service")).data,
      }}
    />
  );
}
