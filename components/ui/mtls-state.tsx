import type { MtlsState } from "@/lib/core/sidecar/index.ts";

/** What each state says on the edge: Kiali's lock for mTLS, a word for what is not locked. */
export const MTLS_LABEL: Record<MtlsState, string> = {
  locked: "mTLS",
  permissive: "mTLS (permissive)",
  plain: "plaintext",
};

/** A padlock, closed for locked, open otherwise (drawn: emoji fonts are not everywhere). */
export function LockIcon({ state }: { state: MtlsState }) {
  return (
    <svg className={`lock-icon is-${state}`} width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect x="2" y="5.5" width="8" height="6" rx="1" fill="currentColor" />
      <path
        d={state === "locked" ? "M4 5.5V4a2 2 0 0 1 4 0v1.5" : "M4 5.5V4a2 2 0 0 1 4 0"}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        transform={state === "locked" ? undefined : "translate(2 -1)"}
      />
    </svg>
  );
}
