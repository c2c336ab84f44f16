import type { ImportResponse } from "@/lib/core/api/index.ts";

type DocStatus = ImportResponse["documents"][number]["status"];

const TONE: Record<DocStatus, string> = { imported: "good", partial: "warn", unsupported: "neutral", invalid: "bad" };

/** imported / partial / unsupported / invalid, coloured by how much of the document made it in. */
export function ImportStatusBadge({ status }: { status: DocStatus }) {
  return (
    <span className={`badge tone-${TONE[status]}`} data-testid="import-doc-status" data-value={status}>
      {status}
    </span>
  );
}
