"use client";
import { useState } from "react";
import type { CreatedProxyCredentialResponse } from "@/lib/core/api/index.ts";
import { CredentialForm, TextField } from "@/components/ui/credential-form.tsx";
import { useCreateProxyCredential } from "@/lib/client/hooks/use-proxy-credentials.ts";

/** Node id and gateway, then POST /api/proxies/credentials; the result (with its one-time secret) goes up. */
export function ProxyCredentialForm({ onCreated }: { onCreated: (c: CreatedProxyCredentialResponse) => void }) {
  const create = useCreateProxyCredential();
  const [nodeId, setNodeId] = useState("");
  const [gateway, setGateway] = useState("");
  return (
    <CredentialForm
      testId="credential"
      title="New proxy credential"
      noun="credential"
      create={create}
      request={() => ({ nodeId: nodeId.trim(), gateway: gateway.trim() === "" ? null : gateway.trim() })}
      onCreated={onCreated}
      clear={() => setNodeId("")}
      ready={nodeId.trim() !== ""}
      hint={
        <>
          The proxy may poll, ACK, NACK and report metrics only as this node and gateway (its <code>--id</code> and{" "}
          <code>--gateway</code>).
        </>
      }
    >
      <TextField
        id="credential-node"
        label="Node id"
        value={nodeId}
        onChange={setNodeId}
        maxLength={128}
        required
        placeholder="e.g. edge-2"
      />
      <TextField
        id="credential-gateway"
        label="Gateway"
        value={gateway}
        onChange={setGateway}
        maxLength={63}
        placeholder="e.g. edge (empty: none)"
      />
    </CredentialForm>
  );
}
