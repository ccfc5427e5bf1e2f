import { WindowedBody } from '../../components/WindowedBody';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { DeviceUserComparison, RequestResult } from '../../../../shared/ipc/contract';
import { deviceText } from '../../../../shared/deviceText';
import { useConsole } from '../../app/ConsoleContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { messageOf } from '../../lib/errors';
import { spacers, useScrollViewport } from '../../lib/useVirtualRows';
import { countByStatus, deviceUserStatusLabels, filterByStatus, onDevice, selectedFor, statusFilters, uploadable, type StatusFilter } from './deviceUsers';

const ROW_HEIGHT = 34;

type Refusal = RequestResult<'uploadDeviceUsers'>['refused'][number];
type Outcome = { kind: 'upload'; stored: number; refused: Refusal[] } | { kind: 'delete'; deleted: number };

function filterLabel(filter: StatusFilter): string {
  return filter === 'all' ? 'All' : deviceUserStatusLabels[filter];
}

/**
 * "Manage users in device": the device's users beside the console's (Same, Different, New user,
 * Missing), filtered by status, with Upload to console and Delete from device for the selected
 * rows. The list is windowed: a device may hold 100,000 users.
 */
export function ManageDeviceUsers({ deviceId, deviceName, onClose }: { deviceId: number; deviceName: string; onClose(): void }) {
  const { api } = useConsole();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [rows, setRows] = useState<DeviceUserComparison[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const load = useCallback(() => {
    api.compareDeviceUsers({ deviceId }).then(
      (list) => {
        setLoadError(null);
        setRows(list);
        // Keep only selections that still exist.
        const ids = new Set(list.map((r) => r.userId));
        setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
      },
      (error: unknown) => setLoadError(messageOf(error)),
    );
  }, [api, deviceId]);
  useEffect(load, [load]);

  const counts = useMemo(() => countByStatus(rows ?? []), [rows]);
  const shown = useMemo(() => filterByStatus(rows ?? [], filter), [rows, filter]);
  const uploadBatches = useMemo(() => selectedFor(rows ?? [], selected, uploadable), [rows, selected]);
  const deleteBatches = useMemo(() => selectedFor(rows ?? [], selected, onDevice), [rows, selected]);
  const uploadCount = uploadBatches.reduce((n, b) => n + b.length, 0);
  const deleteCount = deleteBatches.reduce((n, b) => n + b.length, 0);
  const allShownSelected = shown.length > 0 && shown.every((r) => selected.has(r.userId));

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleShown = (on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const row of shown) {
        if (on) next.add(row.userId);
        else next.delete(row.userId);
      }
      return next;
    });

  const upload = async () => {
    setBusy('Uploading to the console');
    setActionError(null);
    setOutcome(null);
    let stored = 0;
    const refused: Refusal[] = [];
    try {
      for (const userIds of uploadBatches) {
        const result = await api.uploadDeviceUsers({ deviceId, userIds });
        stored += result.stored.length;
        refused.push(...result.refused);
      }
      setOutcome({ kind: 'upload', stored, refused });
      setSelected(new Set());
      load();
    } catch (error) {
      setActionError(messageOf(error));
      if (stored > 0 || refused.length > 0) setOutcome({ kind: 'upload', stored, refused });
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setConfirmDelete(false);
    setBusy('Deleting from the device');
    setActionError(null);
    setOutcome(null);
    let deleted = 0;
    try {
      for (const userIds of deleteBatches) {
        await api.deleteDeviceUsers({ deviceId, userIds });
        deleted += userIds.length;
      }
      setOutcome({ kind: 'delete', deleted });
      setSelected(new Set());
      load();
    } catch (error) {
      setActionError(messageOf(error));
      if (deleted > 0) setOutcome({ kind: 'delete', deleted });
    } finally {
      setBusy(null);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog-large"
      data-testid="manage-device-users"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (busy === null) onClose();
      }}
    >
      <div className="panel-header">
        <h2 id={titleId} className="dialog-title">
          Users in {deviceName}
        </h2>
        <button type="button" className="button button-small" onClick={onClose} disabled={busy !== null}>
          Close
        </button>
      </div>
      {loadError !== null && <ErrorNote title="Cannot compare this device’s users" message={loadError} />}
      {loadError !== null && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setLoadError(null);
            load();
          }}
        >
          Try again
        </button>
      )}
      {rows === null && loadError === null && <p className="muted">Reading the device’s users…</p>}
      {rows !== null && (
        <>
          <fieldset className="segmented">
            <legend className="visually-hidden">Show</legend>
            {statusFilters.map((f) => (
              <label key={f} className={`segment${filter === f ? ' segment-on' : ''}`}>
                <input type="radio" name="device-user-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
                {filterLabel(f)} ({counts[f]})
              </label>
            ))}
          </fieldset>
          <div className="toolbar">
            <button type="button" className="button button-primary" disabled={busy !== null || uploadCount === 0} onClick={() => void upload()}>
              Upload to console
            </button>
            <button type="button" className="button button-danger-outline" disabled={busy !== null || deleteCount === 0} onClick={() => setConfirmDelete(true)}>
              Delete from device
            </button>
            <span className="toolbar-note" data-testid="selection-count">
              {selected.size} selected
            </span>
            {busy !== null && (
              <span className="toolbar-note" role="status">
                {busy}…
              </span>
            )}
          </div>
          {actionError !== null && <ErrorNote title="The request failed" message={actionError} onDismiss={() => setActionError(null)} />}
          {outcome !== null && <OutcomeReport outcome={outcome} />}
          <ComparisonTable rows={shown} selected={selected} allSelected={allShownSelected} disabled={busy !== null} onToggle={toggle} onToggleAll={toggleShown} />
        </>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${deleteCount} ${deleteCount === 1 ? 'user' : 'users'} from ${deviceName}?`}
        confirmLabel="Delete users"
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => void remove()}
      >
        <p>They are deleted from this device only; the console’s users are not touched. A user the console still wants on this device comes back at its next sync.</p>
      </ConfirmDialog>
    </dialog>
  );
}

function OutcomeReport({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'delete') return <StatusNote>Deleted {outcome.deleted} {outcome.deleted === 1 ? 'user' : 'users'} from the device.</StatusNote>;
  return (
    <div data-testid="upload-report">
      <StatusNote>
        Uploaded {outcome.stored} {outcome.stored === 1 ? 'user' : 'users'} to the console
        {outcome.refused.length > 0 ? `; ${outcome.refused.length} refused` : ''}.
      </StatusNote>
      {outcome.refused.length > 0 && (
        <div className="report-scroll">
          <table className="data-table report-table" aria-label="Refused users">
            <thead>
              <tr>
                <th scope="col">User ID</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {outcome.refused.slice(0, 1_000).map((r) => (
                <tr key={r.id} data-testid="upload-refused-row">
                  <td>{deviceText(r.id, 32)}</td>
                  <td className="wrap">{deviceText(r.reason, 500)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ComparisonTable({ rows, selected, allSelected, disabled, onToggle, onToggleAll }: {
  rows: readonly DeviceUserComparison[];
  selected: ReadonlySet<string>;
  allSelected: boolean;
  disabled: boolean;
  onToggle(id: string, on: boolean): void;
  onToggleAll(on: boolean): void;
}) {
  const { attachScroller, onScroll, windowFor } = useScrollViewport(ROW_HEIGHT);
  const window = windowFor(rows.length);
  const { before, after } = spacers(window, rows.length, ROW_HEIGHT);
  if (rows.length === 0) return <p className="muted">No users with this status.</p>;
  return (
    <div className="table-scroll dialog-table" ref={attachScroller} onScroll={onScroll}>
      <table className="data-table compare-table" aria-label="Device users" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="col-check">
              <input type="checkbox" aria-label="Select all shown" checked={allSelected} disabled={disabled} onChange={(event) => onToggleAll(event.target.checked)} />
            </th>
            <th scope="col">User ID</th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <WindowedBody before={before} after={after}>
          {rows.slice(window.start, window.end).map((row, i) => {
            const id = deviceText(row.userId, 32);
            return (
              <tr key={row.userId} className="compare-row" data-testid="device-user-row" data-user-id={row.userId} data-status={row.status} aria-rowindex={window.start + i + 2}>
                <td className="col-check">
                  <input type="checkbox" aria-label={`Select user ${id}`} checked={selected.has(row.userId)} disabled={disabled} onChange={(event) => onToggle(row.userId, event.target.checked)} />
                </td>
                <td>{id}</td>
                <td>{deviceText(row.name, 48)}</td>
                <td className={`dstatus dstatus-${row.status}`}>{deviceUserStatusLabels[row.status]}</td>
              </tr>
            );
          })}
        </WindowedBody>
      </table>
    </div>
  );
}
