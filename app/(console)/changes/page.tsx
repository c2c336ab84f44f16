import type { Metadata } from "next";
import { ChangesPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Changes" };

export default function ChangesPage() {
  return <ChangesPageClient />;
}
