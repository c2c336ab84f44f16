import type { Metadata } from "next";
import { CanariesPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Canaries" };

export default function CanariesPage() {
  return <CanariesPageClient />;
}
