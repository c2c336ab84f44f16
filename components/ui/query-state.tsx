import type { ReactNode } from "react";
import { isApiClientError } from "@/lib/client/api.ts";

/** Loading and error states for one query, so pages only render the happy path. */
export function QueryState({
  isLoading,
  error,
  children,
  label,
}: {
  isLoading: boolean;
  error: unknown;
  children?: ReactNode;
  label: string;
}) {
  if (error) {
    const status = isApiClientError(error) ? ` (${error.status} ${error.code})` : "";
    return (
      <div className="alert alert-error" role="alert" data-testid="query-error">
        Could not load {label}
        {status}: {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  if (isLoading)
    return (
      <p className="muted" aria-busy="true">
        Loading {label}…
      </p>
    );
  return <>{children}</>;
}
