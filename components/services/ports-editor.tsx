"use client";
import { newServicePort, setServicePorts } from "@/lib/core/draft/index.ts";
import { PortProtocolSchema, type Service, type ServicePort } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { IntInput } from "@/components/ui/int-input.tsx";

/**
 * The service's named ports and their protocols: HTTP2 and GRPC make the proxies speak HTTP/2 to the endpoints for
 * destinations that name the port (or name none, when it is the first). Endpoints keep their own port numbers.
 */
export function PortsEditor({ si, service }: { si: number; service: Service }) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const id = `svc-${service.name}-ports`;
  const ports = service.ports;
  const setAt = (pi: number, patch: Partial<ServicePort>, key: string) =>
    edit(
      setServicePorts(
        mesh,
        service.name,
        ports.map((p, i) => (i === pi ? { ...p, ...patch } : p)),
      ),
      `svc:${si}:port:${pi}:${key}`,
    );
  return (
    <fieldset className="ports" data-testid={id}>
      <legend>Ports</legend>
      {ports.length === 0 ? (
        <p className="muted small">No ports: clients call the endpoints over HTTP/1.1.</p>
      ) : (
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Number</th>
              <th scope="col">Protocol</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ports.map((p, pi) => {
              const pid = `${id}-${pi}`;
              const path = ["services", si, "ports", pi];
              return (
                <tr key={pi} data-testid={pid}>
                  <td>
                    <label className="sr-only" htmlFor={`${pid}-name`}>
                      Port {pi + 1} name
                    </label>
                    <input
                      id={`${pid}-name`}
                      value={p.name}
                      disabled={readOnly}
                      onChange={(e) => setAt(pi, { name: e.target.value }, "name")}
                    />
                    <FieldIssues issues={issues} path={[...path, "name"]} />
                  </td>
                  <td>
                    <IntInput
                      id={`${pid}-number`}
                      label={`Port ${pi + 1} number`}
                      hideLabel
                      min={1}
                      max={65535}
                      value={p.number}
                      disabled={readOnly}
                      onChange={(number) => setAt(pi, { number }, "number")}
                      issues={issues}
                      path={[...path, "number"]}
                    />
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={`${pid}-protocol`}>
                      Port {pi + 1} protocol
                    </label>
                    <select
                      id={`${pid}-protocol`}
                      value={p.protocol}
                      disabled={readOnly}
                      onChange={(e) => setAt(pi, { protocol: PortProtocolSchema.parse(e.target.value) }, "protocol")}
                    >
                      {PortProtocolSchema.options.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {readOnly ? null : (
                      <button
                        type="button"
                        className="small"
                        aria-label={`Remove port ${p.name}`}
                        onClick={() =>
                          edit(
                            setServicePorts(
                              mesh,
                              service.name,
                              ports.filter((_, i) => i !== pi),
                            ),
                          )
                        }
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {readOnly ? null : (
        <button
          type="button"
          className="small"
          data-testid={`${id}-add`}
          onClick={() => edit(setServicePorts(mesh, service.name, [...ports, newServicePort(ports)]))}
        >
          Add port
        </button>
      )}
    </fieldset>
  );
}
