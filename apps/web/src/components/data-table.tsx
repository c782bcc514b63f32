import type { ReactNode } from 'react';
import { Card } from './ui';

export interface DataTableColumn {
  label: string;
  align?: 'right';
  /** Read by screen readers only (an actions column, say). */
  hidden?: boolean;
}

/**
 * An admin table: a card that scrolls sideways on a phone, a caption for screen readers, a header row from
 * `columns`, the rows as children, and an optional footer (a pager).
 */
export function DataTable({
  caption,
  columns,
  minWidthClass,
  footer,
  scrollable = false,
  children,
}: {
  caption: string;
  columns: DataTableColumn[];
  /** A Tailwind min-width class, spelled out in full where it is used (e.g. `min-w-[44rem]`). */
  minWidthClass: string;
  footer?: ReactNode;
  /**
   * The rows hold nothing to focus (no button, no link): the sideways-scrolling box takes the focus itself, as a
   * named region, so that a keyboard can scroll it on a phone.
   */
  scrollable?: boolean;
  children: ReactNode;
}) {
  return (
    <Card className="overflow-hidden">
      <div
        className="relative overflow-x-auto"
        {...(scrollable ? { tabIndex: 0, role: 'region', 'aria-label': caption } : {})}
      >
        <table className={`w-full ${minWidthClass} text-left text-sm`}>
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-surface-muted text-xs tracking-wide text-fg-muted uppercase">
            <tr>
              {columns.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  className={column.align === 'right' ? 'px-4 py-3 text-right' : 'px-4 py-3'}
                >
                  {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">{children}</tbody>
        </table>
      </div>
      {footer}
    </Card>
  );
}
