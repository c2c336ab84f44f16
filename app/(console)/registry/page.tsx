import type { Metadata } from "next";
import { RegistryPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Registry" };

export default function RegistryPage() {
  return <RegistryPageClient />;
}
