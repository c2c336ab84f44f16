"use client";
import { useState } from "react";
import styles from "./interop.module.css";

const MAX_BYTES = 2_000_000;

/** Reads a YAML file in the browser; nothing is uploaded until Check or Create. */
export function YamlFileInput({ onLoad, disabled }: { onLoad: (text: string) => void; disabled?: boolean }) {
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  return (
    <div className="field">
      <label htmlFor="import-file">Or load a file</label>
      <input
        id="import-file"
        type="file"
        accept=".yaml,.yml,.json,application/yaml,text/yaml,text/plain"
        disabled={disabled}
        data-testid="import-file"
        aria-describedby="import-file-note"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          if (file.size > MAX_BYTES) {
            setNote({ text: `${file.name} is larger than 2 MB.`, bad: true });
            return;
          }
          try {
            onLoad(await file.text());
            setNote({ text: `Loaded ${file.name} (${(file.size / 1024).toFixed(1)} KB).`, bad: false });
          } catch (err) {
            setNote({ text: `Could not read ${file.name}: ${(err as Error).message}`, bad: true });
          }
          e.target.value = "";
        }}
      />
      <p id="import-file-note" className={note?.bad ? "text-bad small" : styles.hint} aria-live="polite">
        {note?.text ?? "Read in your browser; .yaml or .yml, up to 2 MB."}
      </p>
    </div>
  );
}
