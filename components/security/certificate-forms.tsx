"use client";
import { useState } from "react";
import { useIssueTlsSecret, useUploadTlsSecret } from "@/lib/client/hooks/use-tls-secrets.ts";
import styles from "../interop/interop.module.css";

/** A certificate from the console's CA for internal names. */
export function IssueCertificateForm() {
  const issue = useIssueTlsSecret();
  const [name, setName] = useState("");
  const [dnsNames, setDnsNames] = useState("");
  const names = dnsNames
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <form
      className={`card ${styles.createForm}`}
      aria-labelledby="issue-cert-title"
      onSubmit={(e) => {
        e.preventDefault();
        issue.mutate(
          { name: name.trim(), dnsNames: names },
          {
            onSuccess: () => {
              setName("");
              setDnsNames("");
            },
          },
        );
      }}
    >
      <h3 id="issue-cert-title">Issue from the CA</h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="issue-name">Secret name</label>
          <input
            id="issue-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            placeholder="e.g. internal-api-cert"
            data-testid="issue-name"
          />
        </div>
        <div className="field grow">
          <label htmlFor="issue-dns">DNS names</label>
          <input
            id="issue-dns"
            value={dnsNames}
            onChange={(e) => setDnsNames(e.target.value)}
            required
            placeholder="e.g. api.internal, *.api.internal"
            data-testid="issue-dns"
          />
        </div>
        <button
          type="submit"
          className="primary"
          disabled={issue.isPending || name.trim() === "" || names.length === 0}
          data-testid="issue-submit"
        >
          {issue.isPending ? "Issuing…" : "Issue certificate"}
        </button>
      </div>
      <p className={styles.hint}>Valid 90 days; clients must trust the CA&apos;s root (the ROOTCA bundle).</p>
      {issue.error ? (
        <p className="alert alert-error" role="alert" data-testid="issue-error">
          Could not issue: {issue.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** A certificate chain and key pasted as PEM; the server checks that they parse, match and have not expired. */
export function UploadCertificateForm() {
  const upload = useUploadTlsSecret();
  const [name, setName] = useState("");
  const [certChainPem, setChain] = useState("");
  const [privateKeyPem, setKey] = useState("");
  const [caBundlePem, setCa] = useState("");
  return (
    <form
      className={`card ${styles.createForm}`}
      aria-labelledby="upload-cert-title"
      onSubmit={(e) => {
        e.preventDefault();
        upload.mutate(
          {
            name: name.trim(),
            certChainPem,
            privateKeyPem,
            ...(caBundlePem.trim() ? { caBundlePem } : {}),
          },
          {
            onSuccess: () => {
              setName("");
              setChain("");
              setKey("");
              setCa("");
            },
          },
        );
      }}
    >
      <h3 id="upload-cert-title">Upload PEM</h3>
      <div className="field">
        <label htmlFor="upload-name">Secret name</label>
        <input
          id="upload-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          placeholder="e.g. shop-example-com"
          data-testid="upload-name"
        />
      </div>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="upload-chain">Certificate chain (leaf first)</label>
          <textarea
            id="upload-chain"
            rows={4}
            value={certChainPem}
            onChange={(e) => setChain(e.target.value)}
            required
            placeholder="-----BEGIN CERTIFICATE-----"
            data-testid="upload-chain"
          />
        </div>
        <div className="field grow">
          <label htmlFor="upload-key">Private key</label>
          <textarea
            id="upload-key"
            rows={4}
            value={privateKeyPem}
            onChange={(e) => setKey(e.target.value)}
            required
            placeholder="-----BEGIN PRIVATE KEY-----"
            data-testid="upload-key"
          />
        </div>
        <div className="field grow">
          <label htmlFor="upload-ca">CA bundle (optional: MUTUAL)</label>
          <textarea
            id="upload-ca"
            rows={4}
            value={caBundlePem}
            onChange={(e) => setCa(e.target.value)}
            data-testid="upload-ca"
          />
        </div>
      </div>
      <button
        type="submit"
        className="primary"
        disabled={upload.isPending || !name.trim() || !certChainPem.trim() || !privateKeyPem.trim()}
        data-testid="upload-submit"
      >
        {upload.isPending ? "Uploading…" : "Upload"}
      </button>
      <p className={styles.hint}>The key is stored sealed and never shown or exported again.</p>
      {upload.error ? (
        <p className="alert alert-error" role="alert" data-testid="upload-error">
          Could not upload: {upload.error.message}
        </p>
      ) : null}
    </form>
  );
}
