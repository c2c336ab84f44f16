import { PERMISSIONS, type Permission } from "@/lib/core/api/index.ts";
import styles from "./interop.module.css";

const isPermission = (a: string): a is Permission => a in PERMISSIONS;

function rolesFor(access: string): string {
  if (access === "public") return "no sign-in needed";
  if (access === "proxy") return "proxy token (SIGNALBOX_PROXY_TOKEN)";
  if (isPermission(access)) return PERMISSIONS[access].join(", ");
  return "unknown";
}

const TONE: Record<string, string> = {
  public: "neutral",
  proxy: "neutral",
  read: "good",
  edit: "info",
  approve: "warn",
  admin: "bad",
};

/** The required role (x-signalbox-access) and which user roles satisfy it. */
export function AccessBadge({ access }: { access: string | undefined }) {
  const a = access ?? "unknown";
  return (
    <span className={styles.access}>
      <span
        className={`badge tone-${TONE[a] ?? "neutral"}`}
        data-testid="op-access"
        data-value={a}
        title="x-signalbox-access"
      >
        role: {a}
      </span>
      <span>{rolesFor(a)}</span>
    </span>
  );
}
