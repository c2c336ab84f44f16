import type { MeshChangeEntry } from "@/lib/core/api/index.ts";
import { Badge } from "@/components/ui/badge.tsx";

/** The change against the running config, one row per entity touched. */
export function ChangeDiff({ diff }: { diff: MeshChangeEntry[] }) {
  if (diff.length === 0)
    return (
      <p className="muted" data-testid="diff-empty">
        No differences from the running config.
      </p>
    );
  return (
    <table className="dense" data-testid="change-diff">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Entity</th>
          <th scope="col">Name</th>
          <th scope="col">What changes</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((d, i) => (
          <tr key={i} data-testid="diff-entry">
            <td>
              <Badge value={d.kind} />
            </td>
            <td>{d.entity}</td>
            <td>
              <code>{d.name}</code>
            </td>
            <td className="diff-summary">{d.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
