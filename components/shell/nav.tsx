"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { can } from "@/lib/core/api/index.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";

const ITEMS = [
  ["/topology", "Topology"],
  ["/services", "Services"],
  ["/routes", "Routes"],
  ["/gateways", "Gateways"],
  ["/changes", "Changes"],
  ["/canaries", "Canaries"],
  ["/proxies", "Proxies"],
  ["/registry", "Registry"],
  ["/security", "Security"],
  ["/metrics", "Metrics"],
  ["/export", "Export"],
  ["/import", "Import"],
  ["/audit", "Audit"],
  ["/tokens", "Tokens"],
  ["/users", "Users"],
  ["/api-docs", "API"],
] as const;

/** Pages only some roles can use. */
const NEEDS_ADMIN = new Set<string>(["/users"]);

export function Nav() {
  const pathname = usePathname();
  const me = useMe();
  const admin = me.data !== undefined && can(me.data.user.role, "admin");
  const items = ITEMS.filter(([href]) => admin || !NEEDS_ADMIN.has(href));
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {items.map(([href, label]) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} aria-current={active ? "page" : undefined} data-testid={`nav-${label.toLowerCase()}`}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
