"use client";
import { useState, type FormEvent } from "react";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";

/** Adds a service (with a first version v1) to the draft. */
export function CreateServiceForm() {
  const { update, mesh } = useDraftEditor();
  const [name, setName] = useState("");
  const [host, setHost] = useState("");
  const [address, setAddress] = useState("127.0.0.1");
  const [port, setPort] = useState("8080");
  const taken = mesh.services.some((s) => s.name === name);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!name || taken) return;
    update((m) => {
      m.services.push({
        name,
        host: host || `${name}.demo`,
        description: "",
        external: false,
        versions: [
          {
            name: "v1",
            labels: { app: name, version: "v1" },
            endpoints: [{ address, port: Number(port) || 80, weight: 1 }],
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
      data-testid="create-service"
      aria-labelledby="create-service-title"
    >
      <h2 id="create-service-title">New service</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="new-svc-name">Name</label>
          <input
            id="new-svc-name"
            value={name}
            onChange={(e) => setName(e.target.value.trim())}
            placeholder="ratings"
            required
            aria-invalid={taken || undefined}
          />
          {taken ? <p className="text-bad small">A service with this name exists.</p> : null}
        </div>
        <div className="field">
          <label htmlFor="new-svc-host">Host</label>
          <input
            id="new-svc-host"
            value={host}
            onChange={(e) => setHost(e.target.value.trim())}
            placeholder={name ? `${name}.demo` : "ratings.demo"}
          />
        </div>
        <div className="field">
          <label htmlFor="new-svc-address">First endpoint address</label>
          <input id="new-svc-address" value={address} onChange={(e) => setAddress(e.target.value.trim())} />
        </div>
        <div className="field">
          <label htmlFor="new-svc-port">Port</label>
          <input
            id="new-svc-port"
            className="num"
            type="number"
            min={1}
            max={65535}
            value={port}
            onChange={(e) => setPort(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={!name || taken} data-testid="create-service-submit">
          Add to draft
        </button>
      </div>
    </form>
  );
}
