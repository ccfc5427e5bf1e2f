import { useNow } from '../../app/useNow';
import { ErrorNote } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useScrollViewport } from '../../lib/useVirtualRows';
import { useDeviceNames } from '../../stores/useDeviceNames';
import { EVENT_ROW_HEIGHT, EventTable } from './EventTable';
import { newEventsText } from './eventText';
import { EVENT_WINDOW, useEventTail } from './useEventTail';

/**
 * Monitoring: the real-time log of every device and of the console, from the stored event log
 * (newest first, live). A base the Monitoring issue extends with filters, search, export and
 * retention.
 */
export function MonitoringPage() {
  const tail = useEventTail();
  const viewport = useScrollViewport(EVENT_ROW_HEIGHT);
  const deviceNames = useDeviceNames();
  const nowMs = useNow(60_000);
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
    body = <EventTable rows={rows} viewport={viewport} deviceNames={deviceNames} nowMs={nowMs} />;
  }

  return (
    <div className="page page-fill">
      <PageHeader title="Monitoring">
        <p className="summary" data-testid="event-summary">
          {summary}
        </p>
      </PageHeader>
      {tail.error !== null && <ErrorNote title="Cannot read the event log" message={`${tail.error} (trying again)`} />}
      <div className="toolbar">
        <h2 className="toolbar-title">Real-time log</h2>
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
    </div>
  );
}
