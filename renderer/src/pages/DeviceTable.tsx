import { memo, useCallback, useEffect, useRef, useState, type UIEvent } from 'react';
import type { DeviceView } from '../../../shared/devices';
import { connectionLabels, type DeviceSort, type DeviceSortKey } from '../stores/devicesStore';
import { ConnectionIcon } from '../components/StateIcon';
import { SortHeader } from '../components/SortHeader';
import { SyncMark, SyncProgress } from './devices/SyncMark';
import { placementRowText } from './devices/placementSummaryText';
import { progressText, syncLabels, syncReasonText } from './devices/syncText';

/** Fixed row height (px; matches styles.css) so windowing can place rows without measuring. */
export const ROW_HEIGHT = 36;
/** Above this many rows only the visible ones (plus a margin) are in the DOM. */
export const WINDOW_THRESHOLD = 200;
const OVERSCAN_ROWS = 12;

interface Column {
  key: DeviceSortKey;
  label: string;
  className: string;
}

const columns: readonly Column[] = [
  { key: 'connection', label: 'State', className: 'col-state' },
  { key: 'name', label: 'Name', className: 'col-name' },
  { key: 'sync', label: 'Sync', className: 'col-sync' },
  { key: 'deviceID', label: 'Device ID', className: 'col-id' },
  { key: 'model', label: 'Model', className: 'col-model' },
  { key: 'ip', label: 'IP address', className: 'col-ip' },
  { key: 'firmware', label: 'Firmware', className: 'col-firmware' },
  { key: 'userCount', label: 'Users on device', className: 'col-users' },
  { key: 'placement', label: 'Placed by', className: 'col-placement' },
];

/**
 * Device strings are untrusted: React renders them as text, and they are clipped here as well, so
 * a device that reports a megabyte of "name" cannot bloat the DOM (the core checks limits too).
 */
const MAX_SHOWN_CHARS = 200;
function clip(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

/** The sync cell: the mark, then progress while syncing or the reasons it is out of sync. */
function SyncCell({ device }: { device: DeviceView }) {
  const { sync } = device;
  const reasons = syncReasonText(sync);
  const title =
    sync.progress !== null
      ? `${syncLabels[sync.state]}: ${progressText(sync.progress)}`
      : sync.state === 'error' && sync.message !== null
        ? `${syncLabels.error}: ${clip(sync.message)}`
        : [reasons === '' ? syncLabels[sync.state] : `${syncLabels[sync.state]}: ${reasons}`, sync.message === null ? '' : ` (${clip(sync.message)})`].join('');
  return (
    <td className="col-sync" title={title}>
      <span className="sync-cell">
        <SyncMark device={device} />
        {sync.state === 'syncing' && sync.progress !== null ? (
          <SyncProgress progress={sync.progress} compact />
        ) : sync.state === 'error' && sync.message !== null ? (
          <span className="sync-reasons">{clip(sync.message)}</span>
        ) : (
          reasons !== '' && sync.state === 'out-of-sync' && <span className="sync-reasons" data-testid="sync-reasons">{reasons}</span>
        )}
      </span>
    </td>
  );
}

/** Which mode placed users on the device and through which doors; every door in the tooltip. */
function PlacementCell({ device }: { device: DeviceView }) {
  const { placement } = device.sync;
  const { text, title } = placementRowText(placement);
  return (
    <td className="col-placement" title={title} data-testid="device-placement" data-mode={placement?.mode} data-users={placement?.users}>
      {placement === null ? <span className="muted">{text}</span> : text}
    </td>
  );
}

interface RowProps {
  device: DeviceView;
  rowIndex?: number;
  selected: boolean;
  onSelect(key: string): void;
}

/** One device. Memoized on the device object, which the store keeps while the device is unchanged. */
const DeviceRow = memo(function DeviceRow({ device, rowIndex, selected, onSelect }: RowProps) {
  const label = connectionLabels[device.connection];
  const name = clip(device.name);
  const model = clip(device.model);
  const ip = clip(device.ip);
  const firmware = device.firmware === null ? null : clip(device.firmware);
  const detail = device.connectionDetail === null ? null : clip(device.connectionDetail);
  return (
    <tr
      className={`device-row conn-${device.connection}${selected ? ' selected' : ''}`}
      data-testid="device-row"
      data-device-id={device.deviceID}
      data-connection={device.connection}
      data-sync={device.sync.state}
      aria-rowindex={rowIndex}
      aria-current={selected || undefined}
      onClick={() => onSelect(device.key)}
    >
      <td className="col-state" title={detail === null ? label : `${label}: ${detail}`}>
        <span className="state">
          <ConnectionIcon state={device.connection} />
          <span className="state-label">{label}</span>
        </span>
      </td>
      <td className="col-name" title={name}>
        {/* The name selects the device for the detail panel; a button, so the keyboard reaches it. */}
        <button type="button" className="link-button" aria-pressed={selected} onClick={() => onSelect(device.key)}>
          {name === '' ? <span className="muted">(no name)</span> : name}
        </button>
      </td>
      <SyncCell device={device} />
      <td className="col-id num">{device.deviceID}</td>
      <td className="col-model" title={model}>
        {model}
      </td>
      <td className="col-ip num" title={`${ip}:${device.port}`}>
        {ip}
      </td>
      <td className="col-firmware" title={firmware ?? 'Not reported yet'}>
        {firmware ?? <span className="muted">—</span>}
      </td>
      <td
        className="col-users num"
        data-testid="device-user-count"
        title={device.userCount === null ? 'Not reported yet' : undefined}
      >
        {/* Plain digits (no grouping): the e2e tests and a filter-by-eye both read the raw count. */}
        {device.userCount === null ? <span className="muted">—</span> : String(device.userCount)}
      </td>
      <PlacementCell device={device} />
    </tr>
  );
});

interface Viewport {
  top: number;
  height: number;
}

export function DeviceTable({
  rows,
  sort,
  onSort,
  selectedKey,
  onSelect,
}: {
  rows: readonly DeviceView[];
  sort: DeviceSort;
  onSort: (key: DeviceSortKey) => void;
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 800 });
  const windowed = rows.length > WINDOW_THRESHOLD;

  useEffect(() => {
    const element = scrollRef.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setViewport((v) => (v.height === element.clientHeight ? v : { top: element.scrollTop, height: element.clientHeight }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => {
    const element = event.currentTarget;
    const top = element.scrollTop;
    const height = element.clientHeight;
    // Only re-render when the first visible row changes.
    setViewport((v) =>
      Math.floor(v.top / ROW_HEIGHT) === Math.floor(top / ROW_HEIGHT) && v.height === height ? v : { top, height },
    );
  }, []);

  let start = 0;
  let end = rows.length;
  if (windowed) {
    start = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN_ROWS);
    end = Math.min(rows.length, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN_ROWS);
  }
  const visible = windowed ? rows.slice(start, end) : rows;

  return (
    <div className="table-scroll" ref={scrollRef} onScroll={windowed ? onScroll : undefined} tabIndex={-1}>
      <table className="device-table" aria-label="Devices" aria-rowcount={windowed ? rows.length + 1 : undefined}>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} className={column.className} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={windowed ? 1 : undefined}>
            {columns.map((column) => (
              <SortHeader key={column.key} sortKey={column.key} label={column.label} className={column.className} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {start > 0 && <tr className="spacer" aria-hidden="true" style={{ height: start * ROW_HEIGHT }} />}
          {visible.map((device, i) => (
            <DeviceRow key={device.key} device={device} rowIndex={windowed ? start + i + 2 : undefined} selected={device.key === selectedKey} onSelect={onSelect} />
          ))}
          {end < rows.length && <tr className="spacer" aria-hidden="true" style={{ height: (rows.length - end) * ROW_HEIGHT }} />}
        </tbody>
      </table>
    </div>
  );
}
