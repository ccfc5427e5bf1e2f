import { useCallback, useEffect, useState } from 'react';
import type { GatewayView } from '../../../../shared/devices';
import type { GatewaySettingsView, StoredGatewayView } from '../../../../shared/domain/gatewaySettings';
import { useConsole } from '../../app/ConsoleContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { messageOf } from '../../lib/errors';
import { useAction } from '../../lib/useAction';
import { gatewayStateLabels, useGateways } from '../../stores/gatewaysStore';
import { AddDeviceForm } from './AddDeviceForm';
import { GatewayForm } from './GatewayForm';

/** What the list shows of a gateway's connection: the live state from the gateways store. */
function GatewayState({ view }: { view: GatewayView | undefined }) {
  if (!view) return <span className="muted">Not connected</span>;
  return (
    <span data-testid="gateway-state" data-state={view.state}>
      {gatewayStateLabels[view.state]}
      {view.message ? <span className="muted"> — {view.message}</span> : null}
    </span>
  );
}

/**
 * Settings → Device gateways: the virtual site switched on or off, the saved gateways (add, edit,
 * test, remove) and, through each connected gateway, adding a device by its IP address. Every
 * change takes effect at once; the core keeps the list in its own settings file.
 */
export function GatewaySettings() {
  const { api } = useConsole();
  const live = useGateways((s) => s.gateways);
  const [settings, setSettings] = useState<GatewaySettingsView | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const [editing, setEditing] = useState<StoredGatewayView | 'new' | null>(null);
  const [addingDeviceTo, setAddingDeviceTo] = useState<string | null>(null);
  const [removing, setRemoving] = useState<StoredGatewayView | null>(null);
  const action = useAction();

  const reload = useCallback(() => {
    api.getGatewaySettings().then(
      (view) => {
        setSettings(view);
        setLoadFailure(null);
      },
      (error: unknown) => setLoadFailure(messageOf(error)),
    );
  }, [api]);
  useEffect(reload, [reload]);

  const liveView = (id: string) => live.find((gateway) => gateway.id === id);
  const label = (gateway: StoredGatewayView) => gateway.name || `${gateway.host}:${gateway.port}`;
  const virtualView = live.find((gateway) => gateway.kind === 'virtual');
  const run = (name: string, request: () => Promise<string>) => action.run(name, async () => {
    try {
      return await request();
    } finally {
      reload();
    }
  });

  if (settings === null) {
    return loadFailure === null ? <p className="field-hint">Loading…</p> : <ErrorNote title="The gateway settings could not be read" message={loadFailure} />;
  }
  return (
    <div className="gateway-settings" data-testid="gateway-settings">
      <div className="settings-form" data-testid="virtual-site-setting" data-enabled={settings.virtualSite.enabled}>
        <p className="field-hint">
          {settings.virtualSite.enabled ? (
            <>
              The built-in virtual site runs: a demo gateway with simulated devices. <GatewayState view={virtualView} />
            </>
          ) : (
            'The built-in virtual site (a demo gateway with simulated devices) is off.'
          )}
        </p>
        <div className="settings-actions">
          <button
            type="button"
            className="button"
            disabled={action.busy !== null}
            onClick={() => {
              const enabled = !settings.virtualSite.enabled;
              run(enabled ? 'Switch the virtual site on' : 'Switch the virtual site off', async () => {
                await api.setVirtualSiteEnabled({ enabled });
                return enabled ? 'The virtual site runs; its devices are connecting.' : 'The virtual site is off; its devices left the list.';
              });
            }}
          >
            {settings.virtualSite.enabled ? 'Switch the virtual site off' : 'Switch the virtual site on'}
          </button>
        </div>
      </div>

      <ul className="gateway-list" aria-label="Saved gateways">
        {settings.gateways.map((gateway) => (
          <li key={gateway.id} className="settings-form gateway-item" data-testid="gateway-item" data-gateway-id={gateway.id}>
            <div className="gateway-item-head">
              <strong>{label(gateway)}</strong>
              <span className="muted">
                {gateway.host}:{gateway.port}
              </span>
            </div>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <GatewayState view={liveView(gateway.id)} />
              </dd>
              <dt>CA certificate</dt>
              <dd>
                {gateway.ca.fileName || '(no file name)'} — {gateway.ca.subject}
                <br />
                <span className="muted mono" title="SHA-256 fingerprint">
                  {gateway.ca.fingerprint}
                </span>
                {gateway.ca.validTo && <span className="muted"> (valid to {gateway.ca.validTo})</span>}
              </dd>
            </dl>
            {editing !== 'new' && editing?.id === gateway.id ? (
              <GatewayForm
                editing={gateway}
                onCancel={() => setEditing(null)}
                onDone={(message) => {
                  setEditing(null);
                  run('Save gateway', async () => message);
                }}
              />
            ) : (
              <div className="settings-actions">
                <button type="button" className="button" onClick={() => setEditing(gateway)}>
                  Edit
                </button>
                <button type="button" className="button" onClick={() => setAddingDeviceTo(addingDeviceTo === gateway.id ? null : gateway.id)} aria-expanded={addingDeviceTo === gateway.id}>
                  Add device by IP…
                </button>
                <button type="button" className="button button-danger-outline" onClick={() => setRemoving(gateway)}>
                  Remove
                </button>
              </div>
            )}
            {addingDeviceTo === gateway.id && <AddDeviceForm gatewayId={gateway.id} gatewayLabel={label(gateway)} />}
          </li>
        ))}
        {settings.fixed.map((gateway) => (
          <li key={gateway.id} className="settings-form gateway-item" data-testid="gateway-item" data-gateway-id={gateway.id}>
            <div className="gateway-item-head">
              <strong>{gateway.address}</strong>
              <span className="muted">given on the command line; not editable here</span>
            </div>
            <GatewayState view={liveView(gateway.id)} />
          </li>
        ))}
      </ul>
      {settings.virtualSite.enabled && virtualView && (
        <details className="settings-form">
          <summary>Add a device to the virtual site by IP…</summary>
          <AddDeviceForm gatewayId={virtualView.id} gatewayLabel="the virtual site" />
        </details>
      )}

      {editing === 'new' ? (
        <GatewayForm
          editing={null}
          onCancel={() => setEditing(null)}
          onDone={(message) => {
            setEditing(null);
            run('Add gateway', async () => message);
          }}
        />
      ) : (
        <div className="settings-actions">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            Add gateway…
          </button>
        </div>
      )}
      {settings.gateways.length === 0 && settings.fixed.length === 0 && !settings.virtualSite.enabled && (
        <p className="field-hint">No gateway is configured and the virtual site is off: the console has no devices to show.</p>
      )}
      <p className="field-hint" data-testid="secret-storage">
        {secretStorageText(settings.secretStorage)}
      </p>
      {action.busy !== null && (
        <p className="field-hint" role="status">
          {action.busy}…
        </p>
      )}
      {action.outcome !== null &&
        (action.outcome.ok ? <StatusNote>{action.outcome.text}</StatusNote> : <ErrorNote title={action.outcome.title} message={action.outcome.text} onDismiss={action.clear} />)}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove gateway ${removing ? label(removing) : ''}?`}
        confirmLabel="Remove gateway"
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const gateway = removing;
          setRemoving(null);
          if (gateway) {
            run('Remove gateway', async () => {
              await api.removeGateway({ id: gateway.id });
              return `${label(gateway)} was removed; its devices left the list.`;
            });
          }
        }}
      >
        <p>The console stops connecting to this gateway and its devices leave the list. Nothing on the gateway or its devices changes.</p>
      </ConfirmDialog>
    </div>
  );
}

function secretStorageText(storage: GatewaySettingsView['secretStorage']): string {
  const today = 'G-SDK gateways need none today: their TLS needs only the CA certificate, which is public.';
  if (!storage.available) return `Gateway credentials cannot be stored on this computer: ${storage.reason}. ${today}`;
  const where = storage.protection === 'os-keychain' ? 'encrypted with the system keychain' : 'in clear text (this is the dev/test host)';
  return `Gateway credentials are stored ${where}. ${today}`;
}
