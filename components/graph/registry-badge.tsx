"use client";
import { useVersionRegistry } from "@/lib/client/hooks/use-registry.ts";

/**
 * Registered instances of a version (the service registry, running config) by health: passing, warning, critical.
 * The badge reads its own version's figures from the shared summary query, so a health change re-renders this
 * badge only, never the graph. Nothing when no instance is registered.
 */
export function RegistryBadge({ service, version }: { service: string; version: string }) {
  const c = useVersionRegistry(service, version);
  if (!c || c.total === 0) return null;
  const worst = c.critical > 0 ? "critical" : c.warning > 0 ? "warning" : "passing";
  return (
    <span
      className={`registry-badge is-${worst}`}
      title={`${c.total} registered instance(s): ${c.passing} passing, ${c.warning} warning, ${c.critical} critical`}
      data-testid={`registry-${service}-${version}`}
      data-total={c.total}
      data-passing={c.passing}
      data-warning={c.warning}
      data-critical={c.critical}
    >
      {c.total} inst
      {c.passing ? <span className="reg-passing"> ✓{c.passing}</span> : null}
      {c.warning ? <span className="reg-warning"> !{c.warning}</span> : null}
      {c.critical ? <span className="reg-critical"> ✗{c.critical}</span> : null}
    </span>
  );
}
