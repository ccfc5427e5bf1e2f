import type { ReactNode } from 'react';

export interface SidePanelProps {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

/** The panel beside a list where one record is edited: its title, a Close button, the body. */
export function SidePanel({ title, testId, onClose, children }: SidePanelProps) {
  return (
    <aside className="side-panel" data-testid={testId} aria-label={title}>
      <div className="panel-header">
        <h2 className="panel-title">{title}</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </aside>
  );
}
