import { useEffect, useRef, useState } from 'react';
import type { DeviceView } from '../../../../shared/devices';
import { deviceText } from '../../../../shared/deviceText';
import { useConsole } from '../../app/ConsoleContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { formatDateTime } from '../../lib/timeText';
import { useAction } from '../../lib/useAction';
import { connectionLabels } from '../../stores/devicesStore';
import { useGateways } from '../../stores/gatewaysStore';
import { useMayRequest } from '../../stores/operatorStore';
import { ManageDeviceUsers } from './ManageDeviceUsers';
import { PlacementExplainer } from './PlacementExplainer';
import { SyncMark, SyncProgress } from './SyncMark';
import { syncReasons } from './syncText';
import { VirtualSitePanel } from './VirtualSitePanel';

function Reasons({ device }: { device: DeviceView }) {
  const { sync } = device;
  const reasons = syncReasons(sync);
  if (reasons.length === 0 && sync.accessDiffers.length === 0) return null;
  return (
    <div className="detail-block">
      {reasons.length > 0 && (
        <>
          <h3 className="detail-heading">Users that differ</h3>
          <ul className="reason-list" data-testid="sync-reason-list">
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      )}
      {sync.accessDiffers.length > 0 && (
        <>
          <h3 className="detail-heading">Access data that differs</h3>
          <ul className="reason-list" data-testid="access-differs">
            {sync.accessDiffers.map((item, i) => (
              <li key={`${i}-${item}`}>{deviceText(item, 200)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * The selected device: its sync state and why, and what the operator can do about it. Every
 * request's failure is shown here, in the core's words (e.g. while the sync engine is not
 * part of the build, it says so).
 */
export function DeviceDetail({ device, onClose }: { device: DeviceView; onClose(): void }) {
  const { api } = useConsole();
  const action = useAction();
  const [confirmWipe, setConfirmWipe] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [managing, setManaging] = useState(false);
  const { sync } = device;
  const deviceId = device.deviceID;
  const name = deviceText(device.name, 200) || `Device ${deviceId}`;
  const busy = action.busy !== null;
  // Only a device of the built-in virtual site can be acted at from here.
  const onVirtualSite = useGateways((s) => s.gateways.some((gateway) => gateway.id === device.gatewayId && gateway.kind === 'virtual'));
  // The panel opens beside the table: keyboard and screen-reader users land on its heading.
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The role hides what it may not do (the core refuses it anyway): a Monitoring operator reads only.
  const maySync = useMayRequest('syncDevice');
  const mayManageUsers = useMayRequest('compareDeviceUsers');
  const mayWipe = useMayRequest('wipeAndResync');
  const mayRemove = useMayRequest('removeDevice');
  const mayActAtDevice = useMayRequest('enrollAtVirtualDevice');
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <aside className="side-panel device-detail" data-testid="device-detail" data-device-id={deviceId} data-sync={sync.state} aria-label={`Device ${name}`}>
      <div className="panel-header">
        <h2 className="panel-title" ref={headingRef} tabIndex={-1}>
          {name}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Device ID</dt>
        <dd>{deviceId}</dd>
        <dt>Model</dt>
        <dd>{deviceText(device.model)}</dd>
        <dt>Connection</dt>
        <dd>{connectionLabels[device.connection]}</dd>
        <dt>Sync</dt>
        <dd>
          <SyncMark device={device} />
        </dd>
        <dt>Last check</dt>
        <dd data-testid="checked-at">{sync.checkedAt === null ? 'Never' : <time dateTime={new Date(sync.checkedAt).toISOString()}>{formatDateTime(sync.checkedAt)}</time>}</dd>
      </dl>
      {device.connection !== 'connected' && <p className="panel-text muted">The console cannot reach this device now; its last known sync state is shown.</p>}
      {sync.progress !== null && (
        <div className="detail-block">
          <SyncProgress progress={sync.progress} />
        </div>
      )}
      {sync.message !== null &&
        (sync.state === 'error' ? (
          <ErrorNote title="The last sync failed" message={deviceText(sync.message, 500)} />
        ) : (
          <p className="panel-text sync-message" data-testid="sync-message">
            {deviceText(sync.message, 500)}
          </p>
        ))}
      <Reasons device={device} />
      <PlacementExplainer key={deviceId} deviceId={deviceId} placement={sync.placement} />
      {(maySync || mayManageUsers || mayWipe || mayRemove) && (
        <div className="detail-actions">
          {maySync && (
            <>
              <button type="button" className="button button-primary" disabled={busy} onClick={() => action.run('Sync device', async () => (await api.syncDevice({ deviceId }), 'Sync queued.'))}>
                Sync device
              </button>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => action.run('Sync all', async () => {
                  const { queued } = await api.syncAll();
                  return `Sync queued for ${queued} ${queued === 1 ? 'device' : 'devices'}.`;
                })}
              >
                Sync all
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => action.run('Check now', async () => (await api.checkDevice({ deviceId }), 'Check started.'))}>
                Check now
              </button>
            </>
          )}
          {mayManageUsers && (
            <button type="button" className="button" disabled={busy} onClick={() => setManaging(true)}>
              Manage users in device
            </button>
          )}
          {mayWipe && (
            <button type="button" className="button button-danger-outline" disabled={busy} onClick={() => setConfirmWipe(true)}>
              Wipe &amp; resync
            </button>
          )}
          {mayRemove && (
            <button type="button" className="button button-danger-outline" disabled={busy} onClick={() => setConfirmRemove(true)}>
              Remove from gateway
            </button>
          )}
        </div>
      )}
      {action.busy !== null && (
        <p className="panel-text muted" role="status">
          {action.busy}…
        </p>
      )}
      {action.outcome !== null &&
        (action.outcome.ok ? <StatusNote>{action.outcome.text}</StatusNote> : <ErrorNote title={action.outcome.title} message={action.outcome.text} onDismiss={action.clear} />)}
      {onVirtualSite && mayActAtDevice && <VirtualSitePanel device={device} />}
      <ConfirmDialog
        open={confirmWipe}
        title={`Wipe & resync ${name}?`}
        confirmLabel="Wipe and resync"
        danger
        onCancel={() => setConfirmWipe(false)}
        onConfirm={() => {
          setConfirmWipe(false);
          action.run('Wipe & resync', async () => (await api.wipeAndResync({ deviceId }), 'Wipe & resync queued.'));
        }}
      >
        <p>Every user the console placed on this device is deleted from it, and the device is then synced from scratch. Doors it controls may refuse users until the sync completes.</p>
        <p>Users enrolled only at the device are kept.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${name} from its gateway?`}
        confirmLabel="Remove device"
        danger
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => {
          setConfirmRemove(false);
          action.run('Remove device', async () => (await api.removeDevice({ deviceId }), `${name} was removed; its gateway no longer connects to it.`));
        }}
      >
        <p>The gateway stops connecting to this device, and it leaves the console&rsquo;s list. Nothing on the device changes: its users stay.</p>
        <p>Add it again in Settings → Device gateways, by its IP address.</p>
      </ConfirmDialog>
      {managing && <ManageDeviceUsers deviceId={deviceId} deviceName={name} onClose={() => setManaging(false)} />}
    </aside>
  );
}
