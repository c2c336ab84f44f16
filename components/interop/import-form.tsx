"use client";
import { YamlFileInput } from "./yaml-file-input.tsx";
import styles from "./interop.module.css";

export type ImportMode = "merge" | "replace";

export interface ImportFormProps {
  yaml: string;
  mode: ImportMode;
  title: string;
  onYaml: (v: string) => void;
  onMode: (v: ImportMode) => void;
  onTitle: (v: string) => void;
  onCheck: () => void;
  onCreate: () => void;
  checking: boolean;
  creating: boolean;
  canCreate: boolean;
  /** A change was created from the current check. */
  created: boolean;
  /** The user's role may not import. */
  readOnly: boolean;
}

const MODES = [
  ["merge", "Merge", "Imported objects replace same-named ones; everything else stays."],
  ["replace", "Replace", "The import becomes the whole config; objects not in it are removed."],
] as const;

function hint(p: ImportFormProps): string {
  if (p.readOnly) return "";
  if (p.created) return "Draft change created. Edit the YAML and check again to import more.";
  if (p.canCreate) return "The check passed: create a draft change for review.";
  return "Check first; Create is enabled once the check passes.";
}

export function ImportForm(p: ImportFormProps) {
  const empty = p.yaml.trim() === "";
  const modeHint = MODES.find(([m]) => m === p.mode)?.[2];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        p.onCheck();
      }}
    >
      <div className="field">
        <label htmlFor="import-yaml">YAML documents (Istio networking.istio.io or Gateway API, separated by ---)</label>
        <textarea
          id="import-yaml"
          className={styles.yamlInput}
          value={p.yaml}
          onChange={(e) => p.onYaml(e.target.value)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder={
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  …"
          }
          disabled={p.readOnly}
          data-testid="import-yaml"
        />
      </div>
      <div className="field-row">
        <YamlFileInput onLoad={p.onYaml} disabled={p.readOnly} />
        <fieldset className="field">
          <legend>Mode</legend>
          <div className={`segmented ${styles.fit}`}>
            {MODES.map(([m, label]) => (
              <span key={m}>
                <input
                  type="radio"
                  id={`import-mode-${m}`}
                  name="import-mode"
                  checked={p.mode === m}
                  onChange={() => p.onMode(m)}
                  disabled={p.readOnly}
                  data-testid={`import-mode-${m}`}
                />
                <label htmlFor={`import-mode-${m}`}>{label}</label>
              </span>
            ))}
          </div>
          <p className={styles.hint}>{modeHint}</p>
        </fieldset>
      </div>
      <div className="field">
        <label htmlFor="import-title">Change title (optional)</label>
        <input
          id="import-title"
          value={p.title}
          onChange={(e) => p.onTitle(e.target.value)}
          maxLength={200}
          placeholder="Import of N documents"
          disabled={p.readOnly}
          data-testid="import-title"
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={p.readOnly || empty || p.checking} data-testid="import-check">
          {p.checking ? "Checking…" : "Check"}
        </button>
        <button
          type="button"
          className="primary"
          disabled={p.readOnly || !p.canCreate || p.creating}
          onClick={p.onCreate}
          data-testid="import-create"
        >
          {p.creating ? "Creating…" : "Create draft change"}
        </button>
        <span className={styles.hint}>{hint(p)}</span>
      </div>
    </form>
  );
}
