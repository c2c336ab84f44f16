"use client";
import Link from "next/link";
import { useState } from "react";
import { useApiTokens } from "@/lib/client/hooks/use-api-tokens.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { TokenCreateForm, type CreatedToken } from "@/components/interop/token-create-form.tsx";
import { TokenSecret } from "@/components/interop/token-secret.tsx";
import { TokenTable } from "@/components/interop/token-table.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

export function TokensPageClient() {
  const me = useMe();
  const tokens = useApiTokens();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  return (
    <>
      <PageHeader title="API tokens" />
      <p className="meta">
        Tokens let scripts and CI call the <Link href="/api-docs">API</Link> as you, with{" "}
        <code>Authorization: Bearer &lt;secret&gt;</code>.
      </p>
      {created ? <TokenSecret token={created} onDismiss={() => setCreated(null)} /> : null}
      {me.data ? <TokenCreateForm userRole={me.data.user.role} onCreated={setCreated} /> : null}
      <h2>Your tokens</h2>
      <QueryState isLoading={tokens.isLoading} error={tokens.error} label="your tokens">
        {tokens.data ? <TokenTable tokens={tokens.data.tokens} /> : null}
      </QueryState>
    </>
  );
}
