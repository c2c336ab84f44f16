"use client";
import type { CreatedProxyCredentialResponse } from "@/lib/core/api/index.ts";
import styles from "../interop/interop.module.css";

/** The new secret, shown exactly once with the command that uses it; dismissing it forgets it. */
export function ProxyCredentialSecret({
  created,
  onDismiss,
}: {
  created: CreatedProxyCredentialResponse;
  onDismiss: () => void;
}) {
  const { credential, secret } = created;
  const gatewayFlag = credential.gateway ? ` --gateway ${credential.gateway}` : "";
  return (
    <section
      className={styles.secretBox}
      role="alert"
      aria-labelledby="credential-secret-title"
      data-testid="credential-secret-box"
    >
      <h3 id="credential-secret-title">
        Credential for <code>{credential.nodeId}</code> created
      </h3>
      <p>
        <strong>Copy the secret now: it is shown only this once.</strong> Signalbox stores only a hash of it; if you
        lose it, revoke the credential and create another. Start the proxy with it:
      </p>
      <pre className="small">
        SIGNALBOX_PROXY_TOKEN=&lt;secret&gt; signalbox-proxy --console URL --id {credential.nodeId}
        {gatewayFlag}
      </pre>
      <div className={styles.secretRow}>
        <label htmlFor="credential-secret" className="sr-only">
          Credential secret
        </label>
        <input
          id="credential-secret"
          className={styles.secretValue}
          readOnly
          value={secret}
          onFocus={(e) => e.target.select()}
          data-testid="credential-secret"
        />
        <button type="button" onClick={onDismiss} data-testid="credential-secret-dismiss">
          Done, I have copied it
        </button>
      </div>
    </section>
  );
}
