"use client";
import { OneTimeSecret } from "@/components/ui/one-time-secret.tsx";
import type { CreatedToken } from "./token-create-form.tsx";

/** A new API token's secret, shown exactly once. */
export function TokenSecret({ token, onDismiss }: { token: CreatedToken; onDismiss: () => void }) {
  return (
    <OneTimeSecret
      testId="token-secret"
      label="Token secret"
      secret={token.secret}
      onDismiss={onDismiss}
      title={
        <>
          Token “{token.name}” ({token.role}) created
        </>
      }
      note={
        <>
          Signalbox stores only a hash of it; if you lose it, revoke the token and create another. Use it as{" "}
          <code>Authorization: Bearer &lt;secret&gt;</code>.
        </>
      }
    />
  );
}
