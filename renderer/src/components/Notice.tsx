import { useEffect, useRef, type ReactNode } from 'react';
import { ShapeIcon } from './StateIcon';

/** A request's failure, in words, where the operator is looking (scrolled into view when it appears). */
export function ErrorNote({ title, message, onDismiss }: { title: string; message: string; onDismiss?: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [message]);
  return (
    <div ref={ref} className="note note-error" role="alert" data-testid="error-note">
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
