import { WindowedBody } from '../../components/WindowedBody';
import { memo } from 'react';
import { deviceText } from '../../../../shared/deviceText';
import type { StoredEvent } from '../../../dbhost/schema';
import { ShapeIcon } from '../../components/StateIcon';
import { spacers, type ScrollViewport } from '../../lib/useVirtualRows';
import { categoryLabels, eventDeviceText, eventTimeText, levelLabels, levelShapes } from './eventText';

/** Fixed row height (px; matches styles.css --row-height), as windowing needs. */
export const EVENT_ROW_HEIGHT = 36;

const columns = [
  { key: 'time', label: 'Time' },
  { key: 'level', label: 'Severity' },
  { key: 'category', label: 'Category' },
  { key: 'device', label: 'Device' },
  { key: 'user', label: 'User ID' },
  { key: 'event', label: 'Event' },
] as const;

/** Following a user ID or a device of an event to where it is managed (app/showFromEvent.ts). */
export interface EventLinks {
  showUser(userId: string): void;
  showDevice(deviceId: number): void;
}

interface RowProps {
  event: StoredEvent;
  index: number;
  deviceNames: ReadonlyMap<number, string>;
  nowMs: number;
  links: EventLinks;
}

/** One event. Every string in it may come from a device: rendered as text, never as markup. */
const EventRow = memo(function EventRow({ event, index, deviceNames, nowMs, links }: RowProps) {
  const { category } = event;
  const shape = levelShapes[event.level];
  const message = deviceText(event.message, 500);
  const device = eventDeviceText(event.deviceId, deviceNames);
  const userId = event.userId === null ? '' : deviceText(event.userId, 32);
  const { deviceId } = event;
  return (
    <tr className={`event-row level-${event.level}`} data-testid="event-row" data-seq={event.seq} data-level={event.level} data-category={category} aria-rowindex={index + 2}>
      <td className="ecol-time">
        {event.time > 0 ? <time dateTime={new Date(event.time).toISOString()}>{eventTimeText(event.time, nowMs)}</time> : eventTimeText(event.time, nowMs)}
      </td>
      <td className="event-level">
        {shape !== null && <ShapeIcon shape={shape} />} {levelLabels[event.level]}
      </td>
      <td>{categoryLabels[category]}</td>
      <td title={device}>
        {deviceId !== null && deviceNames.has(deviceId) ? (
          <button type="button" className="link-button" data-testid="event-device" onClick={() => links.showDevice(deviceId)}>
            {device}
          </button>
        ) : (
          device
        )}
      </td>
      <td>
        {userId === '' ? (
          ''
        ) : (
          <button type="button" className="link-button" data-testid="event-user" title={`Open user ${userId}`} onClick={() => links.showUser(userId)}>
            {userId}
          </button>
        )}
      </td>
      <td title={message} data-testid="event-message">
        {message}
      </td>
    </tr>
  );
});

export interface EventTableProps {
  /** The table's accessible name: "Real-time log", "Event log". */
  label: string;
  /** Newest first. */
  rows: readonly StoredEvent[];
  viewport: ScrollViewport;
  deviceNames: ReadonlyMap<number, string>;
  nowMs: number;
  links: EventLinks;
}

/** A list of events (the real-time log, the event log), windowed like the users table: only the rows in view (plus a margin) are in the DOM. */
export function EventTable({ label, rows, viewport, deviceNames, nowMs, links }: EventTableProps) {
  const { attachScroller, onScroll, windowFor } = viewport;
  const window = windowFor(rows.length);
  const { before, after } = spacers(window, rows.length, EVENT_ROW_HEIGHT);
  const rendered = [];
  for (let i = window.start; i < window.end; i++) {
    const event = rows[i];
    if (event !== undefined) rendered.push(<EventRow key={event.seq} event={event} index={i} deviceNames={deviceNames} nowMs={nowMs} links={links} />);
  }
  return (
    <div className="table-scroll" ref={attachScroller} onScroll={onScroll} tabIndex={-1}>
      <table className="data-table event-table" aria-label={label} aria-rowcount={rows.length + 1}>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} className={`ecol-${column.key}`} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <WindowedBody before={before} after={after}>
          {rendered}
        </WindowedBody>
      </table>
    </div>
  );
}
