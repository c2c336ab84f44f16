"use client";
import { useState } from "react";
import type { CreatedProxyCredentialResponse } from "@/lib/core/api/index.ts";
import { useProxyCredentials } from "@/lib/client/hooks/use-proxy-credentials.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { ProxyCredentialForm } from "./proxy-credential-form.tsx";
import { ProxyCredentialSecret } from "./proxy-credential-secret.tsx";
import { ProxyCredentialTable } from "./proxy-credential-table.tsx";

/** Admins' part of the Proxies page: per-proxy credentials (create, shown once, revoke). */
export function ProxyCredentialsSection() {
  const credentials = useProxyCredentials();
  const [created, setCreated] = useState<CreatedProxyCredentialResponse | null>(null);
  return (
    <section aria-labelledby="credentials-title" data-testid="proxy-credentials">
      <h2 id="credentials-title">Proxy credentials</h2>
      <p className="meta">
        Each proxy presents its own credential (<code>--token</code> or <code>SIGNALBOX_PROXY_TOKEN</code>) and may
        report only as the node and gateway it is bound to. Revoking one refuses that proxy from its next request on.
      </p>
      {created ? <ProxyCredentialSecret created={created} onDismiss={() => setCreated(null)} /> : null}
      <ProxyCredentialForm onCreated={setCreated} />
      <QueryState isLoading={credentials.isLoading} error={credentials.error} label="proxy credentials">
        {credentials.data ? <ProxyCredentialTable credentials={credentials.data.credentials} /> : null}
      </QueryState>
    </section>
  );
}
