import { useScrollViewport } from '../../lib/useVirtualRows';
import { ErrorNote } from '../../components/Notice';
import { EVENT_ROW_HEIGHT, EventTable } from './EventTable';
import { eventLinks } from './eventLinks';
import { newEventsText } from './eventText';
import { EVENT_WINDOW, useEventTail } from './useEventTail';

/**
 * The real-time log: the newest stored events of every device and of the console, live (newest
 * first), with Pause and Clear view.
 */
export function RealTimeLog({ deviceNames, nowMs }: { deviceNames: ReadonlyMap<number, string>; nowMs: number }) {
  const tail = useEventTail();
  const viewport = useScrollViewport(EVENT_ROW_HEIGHT);
  const { rows } = tail;

  const summary = rows === null ? 'Loading…' : rows.length >= EVENT_WINDOW ? `The newest ${EVENT_WINDOW.toLocaleString('en-US')} events` : `${rows.length} ${rows.length === 1 ? 'event' : 'events'}`;

  let body;
  if (rows === null) {
    body = tail.error === null ? <div className="empty"><p className="empty-title">Loading events…</p></div> : null;
  } else if (rows.length === 0) {
    body = (
      <div className="empty" data-testid="events-empty">
        <p className="empty-title">No events {tail.paused ? 'shown' : 'yet'}</p>
        <p className="empty-text">Device events (users enrolled or changed, access, doors, connections) and the console’s own appear here as they happen.</p>
      </div>
    );
  } else {
    body = <EventTable label="Real-time log" rows={rows} viewport={viewport} deviceNames={deviceNames} nowMs={nowMs} links={eventLinks} />;
  }

  return (
    <>
      {tail.error !== null && <ErrorNote title="Cannot read the event log" message={`${tail.error} (trying again)`} />}
      <div className="toolbar">
        <p className="toolbar-note" data-testid="event-summary">
          {summary}
        </p>
        {tail.paused && (
          <span className="toolbar-note paused-note" role="status" data-testid="new-events-count">
            Paused · {newEventsText(tail.newSincePause)}
          </span>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className={`button${tail.paused ? ' button-primary' : ''}`} aria-pressed={tail.paused} onClick={tail.paused ? tail.resume : tail.pause}>
          {tail.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="button" disabled={rows === null || rows.length === 0} onClick={tail.clear}>
          Clear view
        </button>
      </div>
      <div className="split">
        <div className="split-main">{body}</div>
      </div>
    </>
  );
}
