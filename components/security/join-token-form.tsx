"use client";
import { useState } from "react";
import type { CreatedJoinTokenResponse } from "@/lib/core/api/index.ts";
import { CredentialForm, TextField } from "@/components/ui/credential-form.tsx";
import { useCreateJoinToken } from "@/lib/client/hooks/use-join-tokens.ts";

/** Node id and a gateway or a service; the created token (shown once) goes up. */
export function JoinTokenForm({ onCreated }: { onCreated: (c: CreatedJoinTokenResponse) => void }) {
  const create = useCreateJoinToken();
  const [nodeId, setNodeId] = useState("");
  const [kind, setKind] = useState<"gateway" | "service">("gateway");
  const [target, setTarget] = useState("");
  const bound = target.trim() === "" ? null : target.trim();
  return (
    <CredentialForm
      testId="join"
      title="New join token"
      noun="join token"
      create={create}
      request={() => ({ nodeId: nodeId.trim(), ...(kind === "gateway" ? { gateway: bound } : { service: bound }) })}
      onCreated={onCreated}
      clear={() => {
        setNodeId("");
        setTarget("");
      }}
      ready={nodeId.trim() !== ""}
      hint="One use, valid for an hour. The proxy's certificate will name the binding."
    >
      <TextField
        id="join-node"
        label="Node id"
        value={nodeId}
        onChange={setNodeId}
        maxLength={128}
        required
        placeholder="e.g. edge-2"
      />
      <div className="field">
        <label htmlFor="join-kind">Bound to</label>
        <select
          id="join-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as "gateway" | "service")}
          data-testid="join-kind"
        >
          <option value="gateway">gateway</option>
          <option value="service">service (sidecar)</option>
        </select>
      </div>
      <TextField
        id="join-target"
        label={kind === "gateway" ? "Gateway" : "Service"}
        value={target}
        onChange={setTarget}
        maxLength={63}
        placeholder={kind === "gateway" ? "e.g. edge (empty: none)" : "e.g. reviews"}
      />
    </CredentialForm>
  );
}
