"use client";
import { useState } from "react";
import { addService, findService } from "@/lib/core/draft/index.ts";
import { CreateField, CreateForm, CreatePortField } from "@/components/draft/create-form.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";

/** Adds a service (with a first version v1 and one endpoint) to the draft. */
export function CreateServiceForm() {
  const { edit, mesh } = useDraftEditor();
  const [name, setName] = useState("");
  const [host, setHost] = useState("");
  const [address, setAddress] = useState("127.0.0.1");
  const [port, setPort] = useState("8080");
  const taken = findService(mesh, name) !== undefined;

  function onSubmit() {
    if (!name || taken) return;
    edit(addService(mesh, { name, host, endpoint: { address, port: Number(port) || 80 } }));
    setName("");
    setHost("");
  }

  return (
    <CreateForm testId="create-service" title="New service" onSubmit={onSubmit}>
      <CreateField
        id="new-svc-name"
        label="Name"
        value={name}
        onChange={setName}
        placeholder="ratings"
        required
        problem={taken ? "A service with this name exists." : undefined}
      />
      <CreateField
        id="new-svc-host"
        label="Host"
        value={host}
        onChange={setHost}
        placeholder={name ? `${name}.demo` : "ratings.demo"}
      />
      <CreateField id="new-svc-address" label="First endpoint address" value={address} onChange={setAddress} />
      <CreatePortField id="new-svc-port" value={port} onChange={setPort} />
      <button type="submit" className="primary" disabled={!name || taken} data-testid="create-service-submit">
        Add to draft
      </button>
    </CreateForm>
  );
}
