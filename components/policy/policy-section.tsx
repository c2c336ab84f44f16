"use client";
import { useState, type ReactNode } from "react";
import styles from "./policy.module.css";

interface Props {
  id: string;
  title: string;
  /** "off" or a short description of the current setting. */
  state: string;
  on: boolean;
  /** Errors below this section; a new error opens it. */
  errors: number;
  children: ReactNode;
}

/** One collapsible feature of the policy panel (native <details>, keyboard accessible). */
export function PolicySection({ id, title, state, on, errors, children }: Props) {
  const [open, setOpen] = useState(errors > 0);
  const [seenErrors, setSeenErrors] = useState(errors);
  if (errors !== seenErrors) {
    setSeenErrors(errors);
    if (errors > seenErrors) setOpen(true);
  }
  return (
    <details
      className={styles.section}
      data-testid={`${id}-section`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary data-testid={`${id}-toggle`}>
        <span className={styles.sectionTitle}>{title}</span>
        <span className={`${styles.sectionState} ${on ? styles.on : ""}`}>{state}</span>
        {errors > 0 ? <span className="badge tone-bad">{errors === 1 ? "1 error" : `${errors} errors`}</span> : null}
      </summary>
      <div className={styles.sectionBody}>{open ? children : null}</div>
    </details>
  );
}
