"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const ITEMS = [
  ["/topology", "Topology"],
  ["/services", "Services"],
  ["/routes", "Routes"],
  ["/changes", "Changes"],
  ["/proxies", "Proxies"],
  ["/metrics", "Metrics"],
  ["/export", "Export"],
  ["/import", "Import"],
  ["/audit", "Audit"],
  ["/tokens", "Tokens"],
  ["/api-docs", "API"],
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {ITEMS.map(([href, label]) => {
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
