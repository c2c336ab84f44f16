"use client";
import Link from "next/link";
import { useChange } from "@/lib/client/hooks/use-change.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { ChangeActions } from "@/components/changes/change-actions.tsx";
import { ChangeDiff } from "@/components/changes/change-diff.tsx";
import { ChangeMeta } from "@/components/changes/change-meta.tsx";
import { ChangeRollout } from "@/components/changes/change-rollout.tsx";
import { ChangeTimeline } from "@/components/changes/change-timeline.tsx";
import { StagedRolloutView } from "@/components/rollouts/staged-rollout-view.tsx";
import { normalizeIssues } from "@/components/draft/issues.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { IssueList } from "@/components/ui/field-issues.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

export function ChangeDetailClient({ id }: { id: string }) {
  const q = useChange(id);
  const me = useMe();
  const c = q.data;
  return (
    <QueryState isLoading={q.isLoading || me.isLoading} error={q.error ?? me.error} label="the change">
      {c && me.data ? (
        <>
          <PageHeader title={c.title}>
            <Badge value={c.status} testId="change-status" />
          </PageHeader>
          <p className="meta">
            By <strong>{c.author.displayName || c.author.username}</strong> · based on version {c.baseVersion}
            {c.producedVersion ? ` · produced version ${c.producedVersion}` : ""} ·{" "}
            <Link href="/changes">all changes</Link> ·{" "}
            <Link href={`/export?change=${encodeURIComponent(c.id)}`} data-testid="export-change">
              export as YAML
            </Link>
          </p>
          {c.stale && (c.status === "DRAFT" || c.status === "PENDING") ? (
            <div className="alert alert-warn" role="alert" data-testid="stale-warning">
              Stale: the running config moved on since this change was based on version {c.baseVersion}. Approving it
              would overwrite someone else&apos;s change; the author should recreate it from the current config.
            </div>
          ) : null}
          {c.producedVersion ? <StagedRolloutView version={c.producedVersion} user={me.data.user} /> : null}
          {c.producedVersion ? <ChangeRollout changeId={c.id} /> : null}
          <ChangeMeta
            key={`${c.title}\n${c.description}`}
            change={c}
            editable={c.status === "DRAFT" && c.author.id === me.data.user.id}
          />
          <div className="two-col">
            <section aria-labelledby="diff-title">
              <h2 id="diff-title">
                {c.producedVersion ? "What this change did" : "Diff against the running config"} ({c.diff.length})
              </h2>
              <ChangeDiff diff={c.diff} />
              <h2>Validation</h2>
              <IssueList issues={normalizeIssues(c.issues)} empty="No issues: the change is valid." />
              <ChangeActions change={c} user={me.data.user} />
            </section>
            <section aria-labelledby="timeline-title">
              <h2 id="timeline-title">Status</h2>
              <ChangeTimeline change={c} />
            </section>
          </div>
        </>
      ) : null}
    </QueryState>
  );
}
