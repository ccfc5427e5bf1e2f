import { useMemo } from 'react';
import { EMPTY_EVENT_FILTER } from '../../../../shared/domain/eventFilter';
import { ErrorNote } from '../../components/Notice';
import { planEventQuery } from '../../data/eventQueryPlan';
import { useScrollViewport } from '../../lib/useVirtualRows';
import { EVENT_ROW_HEIGHT, EventTable } from './EventTable';
import { EventFilterBar } from './EventFilterBar';
import { eventLinks } from './eventLinks';
import { eventLogSummary } from './eventLogText';
import { ExportEvents } from './ExportEvents';
import { useMonitoringUi } from './monitoringUi';
import { SavedFilters } from './SavedFilters';
import { useEventLog } from './useEventLog';

/** Rows read ahead of the last one in view, so scrolling rarely waits for a page. */
const READ_AHEAD = 50;

/**
 * The Event log: the stored history of every device and of the console, filtered (EventFilterBar),
 * newest first, read a page at a time as the operator scrolls, with saved filters and export.
 */
export function EventLog({ deviceNames, nowMs }: { deviceNames: ReadonlyMap<number, string>; nowMs: number }) {
  const filter = useMonitoringUi((s) => s.filter);
  const appliedAt = useMonitoringUi((s) => s.appliedAt);
  const savedName = useMonitoringUi((s) => s.savedName);
  const replacedCount = useMonitoringUi((s) => s.replacedCount);
  const editFilter = useMonitoringUi((s) => s.editFilter);
  const replaceFilter = useMonitoringUi((s) => s.replaceFilter);
  const savedAs = useMonitoringUi((s) => s.savedAs);
  const refresh = useMonitoringUi((s) => s.refresh);
  const deviceCount = deviceNames.size;
  const plan = useMemo(() => planEventQuery(filter, appliedAt, { deviceCount: Math.max(1, deviceCount) }), [filter, appliedAt, deviceCount]);

  const viewport = useScrollViewport(EVENT_ROW_HEIGHT);
  // The rows the table would show if they were all loaded, and a margin.
  const wanted = viewport.windowFor(Number.MAX_SAFE_INTEGER).end + READ_AHEAD;
  const log = useEventLog(plan, wanted);
  const { rows, status } = log;

  let body;
  if (status === 'loading' || (rows.length === 0 && status === 'reading')) {
    body = (
      <div className="empty">
        <p className="empty-title">Reading the event log…</p>
      </div>
    );
  } else if (rows.length === 0 && status === 'stopped') {
    body = (
      <div className="empty" data-testid="event-log-empty">
        <p className="empty-title">No matching event found so far</p>
        <p className="empty-text">Read on to search further back, or narrow the time range.</p>
      </div>
    );
  } else if (rows.length === 0) {
    body = (
      <div className="empty" data-testid="event-log-empty">
        <p className="empty-title">{status === 'error' ? 'The event log could not be read' : 'No event matches this filter'}</p>
        <p className="empty-text">Widen the time range, or take a device, user, category, type, severity or text off the filter.</p>
      </div>
    );
  } else {
    body = <EventTable label="Event log" rows={rows} viewport={viewport} deviceNames={deviceNames} nowMs={nowMs} links={eventLinks} />;
  }

  return (
    <>
      <EventFilterBar filter={filter} deviceNames={deviceNames} replacedCount={replacedCount} onEdit={editFilter} onClear={() => replaceFilter(EMPTY_EVENT_FILTER, null)} />
      <SavedFilters filter={filter} savedName={savedName} onPick={(name, picked) => replaceFilter(picked, name)} onSaved={savedAs} />
      {log.error !== null && <ErrorNote title="Cannot read the event log" message={log.error} />}
      <div className="toolbar">
        <p className="toolbar-note" data-testid="event-log-summary" role="status">
          {eventLogSummary(status, rows.length, log.readBackTo, nowMs)}
        </p>
        {status === 'reading' && log.searching && (
          <button type="button" className="button button-small" onClick={log.stop}>
            Stop
          </button>
        )}
        {status === 'stopped' && (
          <button type="button" className="button button-small" onClick={log.resume}>
            Read on
          </button>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className="button" onClick={refresh} title="Read again, with the events stored since">
          Refresh
        </button>
        <ExportEvents plan={plan} deviceNames={deviceNames} />
      </div>
      <div className="split">
        <div className="split-main">{body}</div>
      </div>
    </>
  );
}
