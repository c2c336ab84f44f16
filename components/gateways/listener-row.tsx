"use client";
import { removeListener, setListener } from "@/lib/core/draft/index.ts";
import type { Gateway, Listener } from "@/lib/core/index.ts";
import { TlsVersionSchema } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { joinList, splitList } from "@/components/policy/lists.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { IntInput } from "@/components/ui/int-input.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { AllowedRoutesControl } from "./allowed-routes.tsx";

interface Props {
  gateway: Gateway;
  /** Places in the mesh, for the server's issue paths. */
  gi: number;
  li: number;
  listener: Listener;
  /** A gateway keeps at least one listener. */
  removable: boolean;
}

/**
 * One listener: port, protocol and hostnames; HTTPS ones their TLS settings (certificates are named here and
 * issued or uploaded on the Security page), HTTP ones an optional redirect to HTTPS; and which routes may attach.
 */
export function ListenerRow({ gateway: gw, gi, li, listener, removable }: Props) {
  const gateway = gw.name;
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const at = { gateway, listener: li };
  const id = `gw-${gateway}-l${li}`;
  const path = ["gateways", gi, "listeners", li];
  const set = (patch: Partial<Listener>, key?: string) =>
    edit(setListener(mesh, at, patch), key && `gw:${gateway}:${li}:${key}`);
  const tls = listener.tls;
  return (
    <fieldset className="listener-row" data-testid={id}>
      <legend>Listener {listener.name}</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <CommitInput
            key={listener.name}
            id={`${id}-name`}
            value={listener.name}
            disabled={readOnly}
            onCommit={(name) => set({ name })}
          />
          <FieldIssues issues={issues} path={[...path, "name"]} />
        </div>
        <div className="field">
          <IntInput
            id={`${id}-port`}
            label="Port"
            min={1}
            max={65535}
            value={listener.port}
            disabled={readOnly}
            onChange={(port) => set({ port }, "port")}
            issues={issues}
            path={[...path, "port"]}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-protocol`}>Protocol</label>
          <select
            id={`${id}-protocol`}
            value={listener.protocol}
            disabled={readOnly}
            onChange={(e) => set({ protocol: e.target.value as Listener["protocol"] })}
          >
            <option value="HTTP">HTTP</option>
            <option value="HTTPS">HTTPS</option>
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-hosts`}>Hostnames (comma-separated, * for any)</label>
          <CommitInput
            key={joinList(listener.hosts)}
            id={`${id}-hosts`}
            value={joinList(listener.hosts)}
            disabled={readOnly}
            onCommit={(text) => set({ hosts: splitList(text) })}
          />
          <FieldIssues issues={issues} path={[...path, "hosts"]} deep />
        </div>
        {readOnly || !removable ? null : (
          <button
            type="button"
            className="small"
            aria-label={`Remove listener ${listener.name}`}
            onClick={() => edit(removeListener(mesh, at))}
          >
            Remove
          </button>
        )}
      </div>
      {listener.protocol === "HTTP" ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={listener.httpsRedirect === true}
            disabled={readOnly}
            onChange={(e) => set({ httpsRedirect: e.target.checked || undefined })}
            data-testid={`${id}-https-redirect`}
          />
          Redirect every request to HTTPS (301)
        </label>
      ) : null}
      {tls ? (
        <div className="field-row" data-testid={`${id}-tls`}>
          <div className="field">
            <label htmlFor={`${id}-tls-mode`}>TLS mode</label>
            <select
              id={`${id}-tls-mode`}
              value={tls.mode}
              disabled={readOnly}
              onChange={(e) => set({ tls: { ...tls, mode: e.target.value as typeof tls.mode } })}
            >
              <option value="SIMPLE">SIMPLE (server certificate)</option>
              <option value="MUTUAL">MUTUAL (client certificates required)</option>
            </select>
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-tls-credentials`}>Certificates (secret names, chosen by SNI)</label>
            <CommitInput
              key={joinList(tls.credentialNames)}
              id={`${id}-tls-credentials`}
              value={joinList(tls.credentialNames)}
              disabled={readOnly}
              onCommit={(text) => set({ tls: { ...tls, credentialNames: splitList(text) } })}
            />
            <FieldIssues issues={issues} path={[...path, "tls"]} deep />
          </div>
          <div className="field">
            <label htmlFor={`${id}-tls-min`}>Minimum TLS version</label>
            <select
              id={`${id}-tls-min`}
              value={tls.minProtocolVersion ?? "TLSV1_2"}
              disabled={readOnly}
              onChange={(e) =>
                set({ tls: { ...tls, minProtocolVersion: e.target.value as typeof tls.minProtocolVersion } })
              }
            >
              {TlsVersionSchema.options.map((v) => (
                <option key={v} value={v}>
                  {v.replace("TLSV1_", "TLS 1.")}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      <AllowedRoutesControl gateway={gw} gi={gi} li={li} listener={listener} />
    </fieldset>
  );
}
