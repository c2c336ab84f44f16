import type { Metadata } from "next";
import { ChangeDetailClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Change" };

export default async function ChangePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ChangeDetailClient id={id} />;
}
