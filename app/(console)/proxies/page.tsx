import type { Metadata } from "next";
import { ProxiesPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Proxies" };

export default function ProxiesPage() {
  return <ProxiesPageClient />;
}
