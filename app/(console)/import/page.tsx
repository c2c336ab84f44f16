import type { Metadata } from "next";
import { ImportPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Import" };

export default function ImportPage() {
  return <ImportPageClient />;
}
