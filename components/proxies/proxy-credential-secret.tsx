"use client";
import type { CreatedProxyCredentialResponse } from "@/lib/core/api/index.ts";
import { OneTimeSecret } from "@/components/ui/one-time-secret.tsx";

/** A new proxy credential's secret, shown exactly once with the command that uses it. */
export function ProxyCredentialSecret({
  created,
  onDismiss,
}: {
  created: CreatedProxyCredentialResponse;
  onDismiss: () => void;
}) {
  const { credential, secret } = created;
  const gatewayFlag = credential.gateway ? ` --gateway ${credential.gateway}` : "";
  return (
    <OneTimeSecret
      testId="credential-secret"
      label="Credential secret"
      secret={secret}
      onDismiss={onDismiss}
      title={
        <>
          Credential for <code>{credential.nodeId}</code> created
        </>
      }
      note="Signalbox stores only a hash of it; if you lose it, revoke the credential and create another. Start the proxy with it:"
    >
      <pre className="small">
        SIGNALBOX_PROXY_TOKEN=&lt;secret&gt; signalbox-proxy --console URL --id {credential.nodeId}
        {gatewayFlag}
      </pre>
    </OneTimeSecret>
  );
}
