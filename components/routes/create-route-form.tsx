"use client";
import { useState } from "react";
import { addRoute, findRoute, findService } from "@/lib/core/draft/index.ts";
import { CreateField, CreateForm } from "@/components/draft/create-form.tsx";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";

/** Adds a route with one catch-all rule sending 100% to the chosen service's first version. */
export function CreateRouteForm() {
  const { edit, mesh } = useDraftEditor();
  const [name, setName] = useState("");
  const [host, setHost] = useState("");
  const [service, setService] = useState("");
  const svc = findService(mesh, service || (mesh.services[0]?.name ?? ""));
  const taken = findRoute(mesh, name) !== undefined;

  function onSubmit() {
    if (!name || taken || !svc) return;
    edit(addRoute(mesh, { name, service: svc.name, host }));
    setName("");
    setHost("");
  }

  return (
    <CreateForm testId="create-route" title="New route" onSubmit={onSubmit}>
      <CreateField
        id="new-route-name"
        label="Name"
        value={name}
        onChange={setName}
        required
        problem={taken ? "A route with this name exists." : undefined}
      />
      <div className="field">
        <label htmlFor="new-route-service">Service</label>
        <select id="new-route-service" value={svc?.name ?? ""} onChange={(e) => setService(e.target.value)}>
          {mesh.services.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
      </div>
      <CreateField id="new-route-host" label="Host" value={host} onChange={setHost} placeholder={svc?.host ?? ""} />
      <button type="submit" className="primary" disabled={!name || taken || !svc}>
        Add to draft
      </button>
    </CreateForm>
  );
}
