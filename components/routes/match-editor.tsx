"use client";
import { removeMatch, setMatch, type MatchAt } from "@/lib/core/draft/index.ts";
import type { RouteMatch } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { relativeIssues, type Path } from "@/components/draft/issues.ts";
import { MatchEditor as MatchForm } from "@/components/policy/match-editor.tsx";

interface Props {
  at: MatchAt;
  /** Where the server's issues about this match point. */
  path: Path;
  match: RouteMatch;
  idPrefix: string;
}

/** Binds one match of a draft rule to the shared match form (uri, authority, methods, headers, query). */
export function MatchEditor({ at, path, match, idPrefix }: Props) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const mi = at.match;
  const id = `${idPrefix}-m${mi}`;
  return (
    <MatchForm
      value={match}
      idPrefix={id}
      legend={mi > 0 ? `Match ${mi + 1} (OR)` : `Match ${mi + 1}`}
      issues={relativeIssues(issues, path)}
      disabled={readOnly}
      onChange={(next, key) => edit(setMatch(mesh, at, next), key ? `${id}:${key}` : undefined)}
      onRemove={() => edit(removeMatch(mesh, at))}
    />
  );
}
