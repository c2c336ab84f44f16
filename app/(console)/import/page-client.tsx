"use client";
import Link from "next/link";
import { useState } from "react";
import { can } from "@/lib/core/api/index.ts";
import { useImport, type ImportOutcome } from "@/lib/client/hooks/use-import.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { ImportForm, type ImportMode } from "@/components/interop/import-form.tsx";
import { ImportReport } from "@/components/interop/import-report.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import styles from "@/components/interop/interop.module.css";

interface Checked {
  yaml: string;
  mode: ImportMode;
  outcome: ImportOutcome;
}

export function ImportPageClient() {
  const me = useMe();
  const check = useImport();
  const create = useImport();
  const [yaml, setYaml] = useState("");
  const [mode, setMode] = useState<ImportMode>("merge");
  const [title, setTitle] = useState("");
  const [checked, setChecked] = useState<Checked | null>(null);
  const [changeId, setChangeId] = useState<string | null>(null);

  const role = me.data?.user.role;
  const readOnly = role !== undefined && !can(role, "edit");
  const current = checked !== null && checked.yaml === yaml && checked.mode === mode;
  const canCreate = current && checked.outcome.result.ok && changeId === null;
  const error = check.error ?? create.error;

  const onCheck = () => {
    const input = { yaml, mode };
    setChangeId(null);
    create.reset();
    check.mutate({ ...input, dryRun: true }, { onSuccess: (outcome) => setChecked({ ...input, outcome }) });
  };
  const onCreate = () => {
    const input = { yaml, mode };
    create.mutate(
      { ...input, dryRun: false, title: title.trim() || undefined },
      {
        onSuccess: (outcome) => {
          setChecked({ ...input, outcome });
          setChangeId(outcome.result.changeId);
        },
      },
    );
  };

  return (
    <>
      <PageHeader title="Import YAML" />
      <p className="meta">
        Bring Istio or Gateway API objects in as a draft change: check them against the running config first, then
        create the change and send it for review.
      </p>
      {readOnly ? (
        <div className="alert alert-warn" role="alert" data-testid="import-forbidden">
          Your role {role} may not import; an EDITOR or ADMIN can.
        </div>
      ) : null}
      <div className={styles.importLayout}>
        <ImportForm
          yaml={yaml}
          mode={mode}
          title={title}
          onYaml={setYaml}
          onMode={setMode}
          onTitle={setTitle}
          onCheck={onCheck}
          onCreate={onCreate}
          checking={check.isPending}
          creating={create.isPending}
          canCreate={canCreate}
          created={changeId !== null && current}
          readOnly={readOnly}
        />
        <div aria-live="polite">
          {error ? (
            <div className="alert alert-error" role="alert" data-testid="import-error">
              {create.error ? "Could not create the change" : "Could not check the YAML"}: {error.message}
            </div>
          ) : null}
          {changeId ? (
            <div className="notice" role="status" data-testid="import-created">
              Draft change created.{" "}
              <Link href={`/changes/${changeId}`} data-testid="import-change-link">
                Open the change to review and submit it →
              </Link>
            </div>
          ) : null}
          {checked ? (
            <ImportReport result={checked.outcome.result} stale={!current} />
          ) : (
            <div className={styles.placeholder} data-testid="import-empty">
              Paste YAML or load a file, then press <strong>Check</strong> to see what each document becomes and how the
              config would change.
            </div>
          )}
        </div>
      </div>
    </>
  );
}
