"use client";
import { useState } from "react";
import type { ChangeDetail } from "@/lib/core/api/index.ts";
import { useSaveDraft } from "@/lib/client/hooks/use-save-draft.ts";

/** Title and description; editable by the author while the change is a draft. */
export function ChangeMeta({ change, editable }: { change: ChangeDetail; editable: boolean }) {
  const save = useSaveDraft();
  const [title, setTitle] = useState(change.title);
  const [description, setDescription] = useState(change.description);
  if (!editable) return change.description ? <p className="description">{change.description}</p> : null;
  const dirty = title !== change.title || description !== change.description;
  return (
    <form
      className="change-meta"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ id: change.id, title, description, revision: change.revision });
      }}
    >
      <div className="field">
        <label htmlFor="change-title">Title</label>
        <input
          id="change-title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          data-testid="change-title-input"
        />
      </div>
      <div className="field">
        <label htmlFor="change-description">Description</label>
        <textarea
          id="change-description"
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={4000}
        />
      </div>
      <button type="submit" disabled={!dirty || save.isPending} data-testid="change-meta-save">
        {save.isPending ? "Saving…" : "Save title and description"}
      </button>
      {save.error ? <span className="text-bad">{save.error.message}</span> : null}
    </form>
  );
}
