import type { ReactNode } from "react";

/**
 * The console's dense table: a header row of column names, one row per item with its test id, and, when `actions`
 * is given, a last column (headed for screen readers only) with the item's buttons. `cells` returns the row's
 * `<td>`s in column order.
 */
export function DataTable<T>(props: {
  testId: string;
  columns: readonly string[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowTestId: (row: T) => string;
  cells: (row: T) => ReactNode;
  actions?: ((row: T) => ReactNode) | undefined;
}) {
  const { actions } = props;
  return (
    <table className="dense" data-testid={props.testId}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {actions ? (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)} data-testid={props.rowTestId(row)}>
            {props.cells(row)}
            {actions ? <td>{actions(row)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
