"use client";
import type { RouteMatch } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { MatchEditor as MatchForm } from "@/components/policy/match-editor.tsx";
import { relativeIssues } from "@/components/policy/issues.ts";

interface Props {
  ri: number;
  ki: number;
  mi: number;
  match: RouteMatch;
  idPrefix: string;
}

/** Binds one match of a draft rule to the shared match form (uri, authority, methods, headers, query). */
export function MatchEditor({ ri, ki, mi, match, idPrefix }: Props) {
  const { update, issues, readOnly } = useDraftEditor();
  const path = ["routes", ri, "rules", ki, "matches", mi];
  const id = `${idPrefix}-m${mi}`;
  return (
    <MatchForm
      value={match}
      idPrefix={id}
      legend={mi > 0 ? `Match ${mi + 1} (OR)` : `Match ${mi + 1}`}
      issues={relativeIssues(issues, path)}
      disabled={readOnly}
      onChange={(next, key) =>
        update((mesh) => void (mesh.routes[ri]!.rules[ki]!.matches[mi] = next), key ? `${id}:${key}` : undefined)
      }
      onRemove={() => update((mesh) => void mesh.routes[ri]!.rules[ki]!.matches.splice(mi, 1))}
    />
  );
}
