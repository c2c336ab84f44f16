import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "./nav.tsx";
import { UserMenu } from "./user-menu.tsx";

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/topology" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{" "}
          Signalbox
        </Link>
        <Nav />
        <UserMenu />
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </div>
  );
}
