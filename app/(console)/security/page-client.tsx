"use client";
import { can } from "@/lib/core/api/index.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { CaSection } from "@/components/security/ca-section.tsx";
import { CertificatesSection } from "@/components/security/certificates-section.tsx";
import { IdentitiesSection } from "@/components/security/identities-section.tsx";
import { JoinTokensSection } from "@/components/security/join-tokens-section.tsx";
import { MeshMtlsSection } from "@/components/security/mesh-mtls-section.tsx";
import { PoliciesSection } from "@/components/security/policies-section.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

/** Everyone reads the metadata; only admins see the buttons that change it (the API enforces the same). */
export function SecurityPageClient() {
  const me = useMe();
  const admin = me.data !== undefined && can(me.data.user.role, "admin");
  return (
    <>
      <PageHeader title="Security">
        <span className="muted">The console&apos;s CA, TLS certificates, proxy identities and access policies</span>
      </PageHeader>
      <CaSection admin={admin} />
      <CertificatesSection admin={admin} />
      <IdentitiesSection admin={admin} />
      <JoinTokensSection admin={admin} />
      <MeshMtlsSection />
      <PoliciesSection />
    </>
  );
}
