import type { Metadata } from "next";
import { AuditPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return <AuditPageClient />;
}
