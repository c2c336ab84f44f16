"use client";
import { useState, type FormEvent } from "react";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";

/** Adds a route with one catch-all rule sending 100% to the chosen service's first version. */
export function CreateRouteForm() {
  const { update, mesh } = useDraftEditor();
  const [name, setName] = useState("");
  const [host, setHost] = useState("");
  const [service, setService] = useState("");
  const svc = mesh.services.find((s) => s.name === (service || mesh.services[0]?.name));
  const taken = mesh.routes.some((r) => r.name === name);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name || taken || !svc) return;
    update((m) => {
      m.routes.push({
        name,
        hosts: [host || svc.host],
        gateways: [],
        rules: [
          {
            name: "default",
            matches: [],
            destinations: [{ service: svc.name, version: svc.versions[0]?.name ?? "v1", weight: 100 }],
          },
        ],
      });
    });
    setName("");
    setHost("");
  }

  return (
    <form
      className="card create-form"
      onSubmit={onSubmit}
      data-testid="create-route"
      aria-labelledby="create-route-title"
    >
      <h2 id="create-route-title">New route</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="new-route-name">Name</label>
          <input
            id="new-route-name"
            value={name}
            onChange={(e) => setName(e.target.value.trim())}
            required
            aria-invalid={taken || undefined}
          />
          {taken ? <p className="text-bad small">A route with this name exists.</p> : null}
        </div>
        <div className="field">
          <label htmlFor="new-route-service">Service</label>
          <select id="new-route-service" value={svc?.name ?? ""} onChange={(e) => setService(e.target.value)}>
            {mesh.services.map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-route-host">Host</label>
          <input
            id="new-route-host"
            value={host}
            placeholder={svc?.host ?? ""}
            onChange={(e) => setHost(e.target.value.trim())}
          />
        </div>
        <button type="submit" className="primary" disabled={!name || taken || !svc}>
          Add to draft
        </button>
      </div>
    </form>
  );
}
