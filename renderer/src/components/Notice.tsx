import type { ReactNode } from 'react';
import { ShapeIcon } from './StateIcon';

/** A request's failure, in words, where the operator is looking. */
export function ErrorNote({ title, message, onDismiss }: { title: string; message: string; onDismiss?: () => void }) {
  return (
    <div className="note note-error" role="alert">
      <ShapeIcon shape="stop" />
      <div className="note-body">
        <p className="note-title">{title}</p>
        <p className="note-text">{message}</p>
      </div>
      {onDismiss !== undefined && (
        <button type="button" className="button button-small" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/** A polite confirmation ("User 5 saved."). */
export function StatusNote({ children }: { children: ReactNode }) {
  return (
    <p className="note note-ok" role="status">
      <ShapeIcon shape="ok" />
      <span>{children}</span>
    </p>
  );
}
