import type { Metadata } from "next";
import { UsersPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return <UsersPageClient />;
}
