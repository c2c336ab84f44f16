import type { Metadata } from "next";
import { ApiDocsPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "API reference" };

export default function ApiDocsPage() {
  return <ApiDocsPageClient />;
}
