import type { Metadata } from "next";
import { TokensPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "API tokens" };

export default function TokensPage() {
  return <TokensPageClient />;
}
