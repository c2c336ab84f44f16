import type { ReactNode } from "react";
import styles from "./interop.module.css";

/** A collapsed, pretty-printed JSON value (a schema, usually). */
export function JsonDetails({
  label,
  value,
  testId,
  open = false,
}: {
  label: ReactNode;
  value: unknown;
  testId?: string;
  open?: boolean;
}) {
  return (
    <details className={styles.json} data-testid={testId} open={open}>
      <summary>{label}</summary>
      <pre tabIndex={0}>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
