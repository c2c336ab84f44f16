"use client";
import { useState } from "react";
import type { CreatedJoinTokenResponse } from "@/lib/core/api/index.ts";
import { useCreateJoinToken } from "@/lib/client/hooks/use-join-tokens.ts";
import styles from "../interop/interop.module.css";

/** Node id and a gateway or a service; the created token (shown once) goes up. */
export function JoinTokenForm({ onCreated }: { onCreated: (c: CreatedJoinTokenResponse) => void }) {
  const create = useCreateJoinToken();
  const [nodeId, setNodeId] = useState("");
  const [kind, setKind] = useState<"gateway" | "service">("gateway");
  const [target, setTarget] = useState("");
  const bound = target.trim() === "" ? null : target.trim();
  return (
    <form
      className={`card ${styles.createForm}`}
      aria-labelledby="join-create-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { nodeId: nodeId.trim(), ...(kind === "gateway" ? { gateway: bound } : { service: bound }) },
          {
            onSuccess: (res) => {
              onCreated(res);
              setNodeId("");
              setTarget("");
              create.reset();
            },
          },
        );
      }}
    >
      <h3 id="join-create-title">New join token</h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="join-node">Node id</label>
          <input
            id="join-node"
            value={nodeId}
            onChange={(e) => setNodeId(e.target.value)}
            maxLength={128}
            required
            placeholder="e.g. edge-2"
            data-testid="join-node"
          />
        </div>
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
        <div className="field grow">
          <label htmlFor="join-target">{kind === "gateway" ? "Gateway" : "Service"}</label>
          <input
            id="join-target"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            maxLength={63}
            placeholder={kind === "gateway" ? "e.g. edge (empty: none)" : "e.g. reviews"}
            data-testid="join-target"
          />
        </div>
        <button
          type="submit"
          className="primary"
          disabled={create.isPending || nodeId.trim() === ""}
          data-testid="join-create"
        >
          {create.isPending ? "Creating…" : "Create join token"}
        </button>
      </div>
      <p className={styles.hint}>One use, valid for an hour. The proxy&apos;s certificate will name the binding.</p>
      {create.error ? (
        <p className="alert alert-error" role="alert" data-testid="join-create-error">
          Could not create the join token: {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
