import type { Metadata } from "next";
import { AccountPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return <AccountPageClient />;
}
