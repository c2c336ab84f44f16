"use client";
import { useState } from "react";
import type { CreatedToken } from "./token-create-form.tsx";
import styles from "./interop.module.css";

/** The new secret, shown exactly once; dismissing it forgets it. */
export function TokenSecret({ token, onDismiss }: { token: CreatedToken; onDismiss: () => void }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  return (
    <section
      className={styles.secretBox}
      role="alert"
      aria-labelledby="token-secret-title"
      data-testid="token-secret-box"
    >
      <h2 id="token-secret-title">
        Token “{token.name}” ({token.role}) created
      </h2>
      <p>
        <strong>Copy the secret now: it is shown only this once.</strong> Signalbox stores only a hash of it; if you
        lose it, revoke the token and create another. Use it as <code>Authorization: Bearer &lt;secret&gt;</code>.
      </p>
      <div className={styles.secretRow}>
        <label htmlFor="token-secret" className="sr-only">
          Token secret
        </label>
        <input
          id="token-secret"
          className={styles.secretValue}
          readOnly
          value={token.secret}
          onFocus={(e) => e.target.select()}
          data-testid="token-secret"
        />
        <button
          type="button"
          data-testid="token-copy"
          onClick={() => {
            if (!navigator.clipboard) return setCopied("failed");
            navigator.clipboard.writeText(token.secret).then(
              () => setCopied("yes"),
              () => setCopied("failed"),
            );
          }}
        >
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDismiss} data-testid="token-secret-dismiss">
          Done, I have copied it
        </button>
      </div>
      {copied === "failed" ? (
        <p className="text-bad small">Copying failed: select the secret and copy it by hand.</p>
      ) : null}
    </section>
  );
}
