import { Time } from "./time.tsx";

/** A credential's state: "active", or "revoked" and (when asked) since when. One look for every credential table. */
export function CredentialStatus({
  revokedAt,
  testId,
  showWhen = false,
}: {
  revokedAt: string | null;
  testId: string;
  showWhen?: boolean;
}) {
  if (revokedAt === null)
    return (
      <span className="badge tone-good" data-testid={testId} data-value="active">
        active
      </span>
    );
  return (
    <>
      <span className="badge tone-bad" data-testid={testId} data-value="revoked">
        revoked
      </span>
      {showWhen ? (
        <>
          {" "}
          <Time iso={revokedAt} />
        </>
      ) : null}
    </>
  );
}

/** A moment that may not have happened yet (last use, expiry): the time, or a muted word for never. */
export function OptionalTime({ iso, none = "never" }: { iso: string | null; none?: string }) {
  return iso ? <Time iso={iso} /> : <span className="muted">{none}</span>;
}
