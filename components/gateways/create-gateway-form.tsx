"use client";
import { useState } from "react";
import { addGateway, findGateway } from "@/lib/core/draft/index.ts";
import { CreateField, CreateForm, CreatePortField } from "@/components/draft/create-form.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";

/** Adds a gateway with one plain HTTP listener to the draft; `onCreated` gets its name (the Topology selects it). */
export function CreateGatewayForm({ onCreated }: { onCreated?: (name: string) => void } = {}) {
  const { edit, mesh } = useDraftEditor();
  const [name, setName] = useState("");
  const [host, setHost] = useState("*");
  const [port, setPort] = useState("80");
  const taken = findGateway(mesh, name) !== undefined;

  function onSubmit() {
    if (!name || taken) return;
    edit(addGateway(mesh, { name, host, port: Number(port) || 80 }));
    setName("");
    onCreated?.(name);
  }

  return (
    <CreateForm testId="create-gateway" title="New gateway" onSubmit={onSubmit}>
      <CreateField
        id="new-gw-name"
        label="Name"
        value={name}
        onChange={setName}
        placeholder="public"
        required
        problem={taken ? "A gateway with this name exists." : undefined}
      />
      <CreateField id="new-gw-host" label="Hostname" value={host} onChange={setHost} />
      <CreatePortField id="new-gw-port" value={port} onChange={setPort} />
      <button type="submit" className="primary" disabled={!name || taken} data-testid="create-gateway-submit">
        Add to draft
      </button>
    </CreateForm>
  );
}
