"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { can } from "@/lib/core/api/index.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";

/** The pages of everyday traffic management, always in view. */
const PRIMARY = [
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
] as const;

/** Occasional pages (YAML in and out, the record, credentials, the API), under "More". */
const MORE = [
  ["/import", "Import"],
  ["/export", "Export"],
  ["/audit", "Audit"],
  ["/tokens", "Tokens"],
  ["/users", "Users"],
  ["/api-docs", "API"],
] as const;

/** Pages only some roles can use. */
const NEEDS_ADMIN = new Set<string>(["/users"]);

const isActive = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

function NavLink({
  href,
  label,
  active,
  onClick,
}: {
  href: string;
  label: string;
  active: boolean;
  onClick?: () => void;
}) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      data-testid={`nav-${label.toLowerCase()}`}
      onClick={onClick}
    >
      {label}
    </Link>
  );
}

export function Nav() {
  const pathname = usePathname();
  const me = useMe();
  const admin = me.data !== undefined && can(me.data.user.role, "admin");
  const more = MORE.filter(([href]) => admin || !NEEDS_ADMIN.has(href));
  const current = more.find(([href]) => isActive(pathname, href));
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute("open");
  // A click or Escape outside the open menu closes it, as any menu does.
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close();
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, []);
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {PRIMARY.map(([href, label]) => (
          <li key={href}>
            <NavLink href={href} label={label} active={isActive(pathname, href)} />
          </li>
        ))}
        <li>
          <details ref={menu} className="nav-more">
            <summary data-testid="nav-more" aria-current={current ? "page" : undefined}>
              {current ? current[1] : "More"} <span aria-hidden="true">▾</span>
            </summary>
            <ul>
              {more.map(([href, label]) => (
                <li key={href}>
                  <NavLink href={href} label={label} active={isActive(pathname, href)} onClick={close} />
                </li>
              ))}
            </ul>
          </details>
        </li>
      </ul>
    </nav>
  );
}
