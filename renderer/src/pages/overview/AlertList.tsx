import { deviceText } from '../../../../shared/deviceText';
import { ShapeIcon } from '../../components/StateIcon';
import { useLiveQuery } from '../../data/useLiveQuery';
import { eventDeviceText, eventTimeText, levelLabels, levelShapes } from '../monitoring/eventText';

/** Alerts shown: enough to see what is going on, few enough to read at a glance. */
export const ALERT_COUNT = 10;

/**
 * The newest warnings and errors of the event log (a device lost, a door forced, a sync that
 * failed...), newest first and live: two short reads of the level index per change. Every string
 * may come from a device: rendered as text.
 */
export function AlertList({ deviceNames, nowMs }: { deviceNames: ReadonlyMap<number, string>; nowMs: number }) {
  const alerts = useLiveQuery(`alerts:${ALERT_COUNT}`, (reader) => reader.latestAlerts(ALERT_COUNT));
  if (alerts.error !== null && alerts.value === undefined) return <p className="panel-text muted">Cannot read the event log ({alerts.error}); trying again.</p>;
  if (alerts.value === undefined) return <p className="panel-text muted">Loading…</p>;
  if (alerts.value.length === 0) {
    return (
      <p className="panel-text muted" data-testid="alerts-empty">
        No warnings or errors.
      </p>
    );
  }
  return (
    <ol className="alert-list" data-testid="alert-list">
      {alerts.value.map((event) => {
        const shape = levelShapes[event.level];
        return (
          <li key={event.seq} className={`alert-item level-${event.level}`} data-testid="alert" data-level={event.level} data-kind={event.kind}>
            <span className="alert-level">
              {shape !== null && <ShapeIcon shape={shape} />} {levelLabels[event.level]}
            </span>
            <span className="alert-time">{eventTimeText(event.time, nowMs)}</span>
            <span className="alert-device">{eventDeviceText(event.deviceId, deviceNames)}</span>
            <span className="alert-message">{deviceText(event.message, 500)}</span>
          </li>
        );
      })}
    </ol>
  );
}
