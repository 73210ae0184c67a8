import type { ReactNode } from 'react';

export interface Column<R> {
  header: string;
  cell(record: R): ReactNode;
}

/**
 * A Set-up list: one row a record, its actions in the last column (headed for
 * screen readers only), and a line saying the list is empty.
 */
export function RecordTable<R>({
  records,
  rowKey,
  columns,
  actions,
  actionsClassName,
  empty,
  current,
  labelledBy,
}: {
  records: readonly R[];
  rowKey(record: R): string;
  columns: readonly Column<R>[];
  actions(record: R): ReactNode;
  actionsClassName?: string;
  /** Shown as the only row when there are no records. */
  empty?: string;
  /** The key of the row being changed, marked for the eye and for screen readers. */
  current?: string | null;
  labelledBy?: string;
}) {
  return (
    <table className="su-table su-list" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => {
          const key = rowKey(r);
          return (
            <tr key={key} aria-current={current === key ? 'true' : undefined}>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(r)}</td>
              ))}
              <td className={actionsClassName}>{actions(r)}</td>
            </tr>
          );
        })}
        {records.length === 0 && empty && (
          <tr>
            <td colSpan={columns.length + 1}>{empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
