"use client";
import { useState } from "react";
import type { CreatedProxyCredentialResponse } from "@/lib/core/api/index.ts";
import { useCreateProxyCredential } from "@/lib/client/hooks/use-proxy-credentials.ts";
import styles from "../interop/interop.module.css";

/** Node id and gateway, then POST /api/proxies/credentials; the result (with its one-time secret) goes up. */
export function ProxyCredentialForm({ onCreated }: { onCreated: (c: CreatedProxyCredentialResponse) => void }) {
  const create = useCreateProxyCredential();
  const [nodeId, setNodeId] = useState("");
  const [gateway, setGateway] = useState("");
  return (
    <form
      className={`card ${styles.createForm}`}
      aria-labelledby="credential-create-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { nodeId: nodeId.trim(), gateway: gateway.trim() === "" ? null : gateway.trim() },
          {
            onSuccess: (res) => {
              onCreated(res);
              setNodeId("");
              create.reset();
            },
          },
        );
      }}
    >
      <h3 id="credential-create-title">New proxy credential</h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="credential-node">Node id</label>
          <input
            id="credential-node"
            value={nodeId}
            onChange={(e) => setNodeId(e.target.value)}
            maxLength={128}
            required
            placeholder="e.g. edge-2"
            data-testid="credential-node"
          />
        </div>
        <div className="field grow">
          <label htmlFor="credential-gateway">Gateway</label>
          <input
            id="credential-gateway"
            value={gateway}
            onChange={(e) => setGateway(e.target.value)}
            maxLength={63}
            placeholder="e.g. edge (empty: none)"
            data-testid="credential-gateway"
          />
        </div>
        <button
          type="submit"
          className="primary"
          disabled={create.isPending || nodeId.trim() === ""}
          data-testid="credential-create"
        >
          {create.isPending ? "Creating…" : "Create credential"}
        </button>
      </div>
      <p className={styles.hint}>
        The proxy may poll, ACK, NACK and report metrics only as this node and gateway (its <code>--id</code> and{" "}
        <code>--gateway</code>).
      </p>
      {create.error ? (
        <p className="alert alert-error" role="alert" data-testid="credential-create-error">
          Could not create the credential: {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
