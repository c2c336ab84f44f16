import type { Metadata } from "next";
import { RoutesPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Routes" };

export default function RoutesPage() {
  return <RoutesPageClient />;
}
