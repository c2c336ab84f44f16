import type { Metadata } from "next";
import { GatewaysPageClient } from "./page-client.tsx";

export const metadata: Metadata = { title: "Gateways" };

export default function GatewaysPage() {
  return <GatewaysPageClient />;
}
