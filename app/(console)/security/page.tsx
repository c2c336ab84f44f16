import type { Metadata } from "next";
import { SecurityPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Security" };

export default function SecurityPage() {
  return <SecurityPageClient />;
}
