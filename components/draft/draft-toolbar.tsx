"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDiscardChange } from "@/lib/client/hooks/use-discard-change.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useDraftEditor, type SaveState } from "./draft-editor.tsx";

const SAVE_LABEL: Record<SaveState, string> = {
  idle: "No edits yet",
  pending: "Unsaved…",
  saving: "Saving…",
  saved: "Saved to draft",
  error: "Not saved: fix the issues",
};

/** Mode, save state, undo/redo and the way to review the draft. */
export function DraftToolbar() {
  const ed = useDraftEditor();
  const me = useMe();
  const router = useRouter();
  const discard = useDiscardChange();
  if (ed.readOnly) {
    return (
      <div className="toolbar" data-testid="readonly-banner" role="status">
        <span className="badge tone-neutral">Read-only</span>
        <span>
          Showing the running config. Your role ({me.data?.user.role ?? "unknown"}) cannot edit; editors propose changes
          in a draft that an approver reviews.
        </span>
      </div>
    );
  }
  const errors = ed.issues.filter((i) => i.severity !== "warning").length;
  const warnings = ed.issues.length - errors;
  return (
    <div
      className="toolbar"
      role="toolbar"
      aria-label="Draft"
      data-testid="draft-toolbar"
      data-change-id={ed.changeId ?? ""}
    >
      <span className="badge tone-info">Editing draft</span>
      <span
        className={`save-state save-${ed.saveState}`}
        data-testid="save-status"
        data-state={ed.saveState}
        aria-live="polite"
      >
        {ed.conflict ? "Not saved" : SAVE_LABEL[ed.saveState]}
      </span>
      <button type="button" onClick={ed.undo} disabled={ed.state.past.length === 0} data-testid="undo">
        Undo
      </button>
      <button type="button" onClick={ed.redo} disabled={ed.state.future.length === 0} data-testid="redo">
        Redo
      </button>
      <span data-testid="issue-count" className={errors ? "text-bad" : "muted"}>
        {errors} error{errors === 1 ? "" : "s"}, {warnings} warning{warnings === 1 ? "" : "s"}
      </span>
      {ed.stale ? (
        <span
          className="badge tone-warn"
          data-testid="draft-stale"
          title="The running config changed since this draft was started"
        >
          Stale draft
        </span>
      ) : null}
      {ed.stale ? (
        <button
          type="button"
          className="small"
          disabled={discard.isPending || !ed.changeId}
          onClick={() => ed.changeId && discard.mutate(ed.changeId)}
          title="Discard this draft and start a new one from the running config"
          data-testid="restart-draft"
        >
          Restart from running config
        </button>
      ) : null}
      {ed.conflict ? (
        <span className="button-group" role="alert" data-testid="draft-conflict">
          <span className="text-bad">Changed elsewhere — reload or overwrite</span>
          <button type="button" className="small" onClick={ed.reload} data-testid="draft-reload">
            Reload
          </button>
          <button type="button" className="small danger" onClick={ed.overwrite} data-testid="draft-overwrite">
            Overwrite
          </button>
        </span>
      ) : ed.saveError ? (
        <span className="text-bad" role="alert" data-testid="save-error">
          {ed.saveError}
        </span>
      ) : null}
      <span className="spacer" />
      {ed.changeId ? (
        <Link
          className="button primary"
          href={`/changes/${ed.changeId}`}
          onClick={(e) => {
            // Save a pending edit first, so the review shows (and submits) what is on screen.
            e.preventDefault();
            ed.flush(() => router.push(`/changes/${ed.changeId}`));
          }}
          data-testid="review-draft"
        >
          Review &amp; submit{ed.diffCount !== null ? ` (${ed.diffCount})` : ""}
        </Link>
      ) : null}
    </div>
  );
}
