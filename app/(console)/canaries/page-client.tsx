"use client";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useCanaries } from "@/lib/client/hooks/use-canaries.ts";
import { CanaryCard } from "@/components/canaries/canary-card.tsx";
import { CanaryForm } from "@/components/canaries/canary-form.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

export function CanariesPageClient() {
  const q = useCanaries();
  const me = useMe();
  const canaries = q.data?.canaries ?? [];
  const active = canaries.filter((c) => ["PENDING", "RUNNING", "PAUSED"].includes(c.state));
  const ended = canaries.filter((c) => !["PENDING", "RUNNING", "PAUSED"].includes(c.state));
  return (
    <>
      <PageHeader title="Canaries">
        <span className="muted">
          {active.length} active · steps are checked against their gates every interval · refreshes every second
        </span>
      </PageHeader>
      <QueryState isLoading={q.isLoading || me.isLoading} error={q.error ?? me.error} label="canaries">
        {me.data ? (
          <>
            <CanaryForm user={me.data.user} />
            {active.map((c) => (
              <CanaryCard key={c.id} canary={c} user={me.data.user} />
            ))}
            {ended.length > 0 ? <h2>Finished</h2> : null}
            {ended.map((c) => (
              <CanaryCard key={c.id} canary={c} user={me.data.user} />
            ))}
          </>
        ) : null}
      </QueryState>
    </>
  );
}
