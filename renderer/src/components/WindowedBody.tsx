import type { ReactNode } from 'react';

/**
 * The body of a windowed table: only the rows in view are rendered, between two spacer rows as
 * tall as the rows above and below, so the scroll bar and positions stay those of the whole list.
 */
export function WindowedBody({ before, after, children }: { before: number; after: number; children: ReactNode }) {
  return (
    <tbody>
      {before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: before }} />}
      {children}
      {after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: after }} />}
    </tbody>
  );
}
