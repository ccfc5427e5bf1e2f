import { useEffect, useState } from 'react';
import type { DeviceView } from '../../../../shared/devices';
import { deviceText } from '../../../../shared/deviceText';
import type { DeviceActionResult, VirtualDevice } from '../../../../shared/ipc/contract';
import { routeHref } from '../../app/routes';
import { useConsole } from '../../app/ConsoleContext';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { panelId, tabId, Tabs, type TabItem } from '../../components/Tabs';
import { messageOf } from '../../lib/errors';
import { useMayRequest } from '../../stores/operatorStore';
import { DeleteForm, EditForm, EnrollForm, NetworkForm } from './AtDeviceForms';
import { SiteTrafficControl } from './SiteTrafficControl';
import { actionDoneText, refusalTitle, virtualDeviceSummary, type AtDeviceAction } from './virtualSiteText';

const tabs: readonly TabItem<AtDeviceAction>[] = [
  { id: 'enroll', label: 'Enroll' },
  { id: 'edit', label: 'Edit' },
  { id: 'delete', label: 'Delete' },
  { id: 'network', label: 'Network' },
];

type Outcome = { kind: 'done'; text: string } | { kind: 'refused' | 'failed'; title: string; text: string };

/**
 * The virtual device as its site holds it, read again whenever `version` changes: the console's
 * view of the device moved (user count, connection) or the panel acted at it.
 */
function useVirtualDevice(deviceId: number, version: string): { device: VirtualDevice | null; error: string | null } {
  const { api } = useConsole();
  const [state, setState] = useState<{ device: VirtualDevice | null; error: string | null }>({ device: null, error: null });
  useEffect(() => {
    let current = true;
    api.describeVirtualDevice({ deviceId }).then(
      (device) => current && setState({ device, error: null }),
      (failure: unknown) => current && setState((previous) => ({ ...previous, error: messageOf(failure) })),
    );
    return () => {
      current = false;
    };
  }, [api, deviceId, version]);
  return state;
}

/**
 * "Virtual site" in the device panel: the operator acts AT a device of the built-in virtual site,
 * as a person at its keypad would (enrol, edit, delete a user; pull the cable). The device logs
 * each change as made at the device, so the console reacts as to a real reader: the user count
 * and sync mark above move, and the event shows in Monitoring.
 */
export function VirtualSitePanel({ device }: { device: DeviceView }) {
  const { api } = useConsole();
  const deviceId = device.deviceID;
  const [tab, setTab] = useState<AtDeviceAction>('enroll');
  const [actions, setActions] = useState(0);
  const site = useVirtualDevice(deviceId, `${device.userCount}/${device.connection}/${actions}`);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // The network cable and the site's traffic are an Administrator's (shared/ipc/requestAccess.ts).
  const mayPullCable = useMayRequest('setVirtualDeviceNetwork');
  const mayRunTraffic = useMayRequest('startSiteTraffic');
  const shownTabs = mayPullCable ? tabs : tabs.filter((item) => item.id !== 'network');

  const act = (action: AtDeviceAction, request: () => Promise<DeviceActionResult>, nameChanged = false) => {
    setBusy(true);
    setOutcome(null);
    request().then(
      (result) => {
        setBusy(false);
        setActions((n) => n + 1);
        setOutcome(
          result.outcome === 'done'
            ? { kind: 'done', text: actionDoneText(action, result, nameChanged) }
            : { kind: 'refused', title: refusalTitle(result), text: deviceText(result.reason, 500) },
        );
      },
      (failure: unknown) => {
        setBusy(false);
        setOutcome({ kind: 'failed', title: 'Could not act at the device', text: messageOf(failure) });
      },
    );
  };

  const prefix = `at-device-${deviceId}`;
  const { device: virtual } = site;
  let form = null;
  if (virtual !== null) {
    switch (tab) {
      case 'enroll':
        form = <EnrollForm device={virtual} busy={busy} onSubmit={(request) => act('enroll', () => api.enrollAtVirtualDevice({ deviceId, ...request }))} />;
        break;
      case 'edit':
        form = <EditForm device={virtual} busy={busy} onSubmit={(request) => act('edit', () => api.editAtVirtualDevice({ deviceId, ...request }), request.name !== undefined)} />;
        break;
      case 'delete':
        form = <DeleteForm device={virtual} busy={busy} onSubmit={(request) => act('delete', () => api.deleteAtVirtualDevice({ deviceId, ...request }))} />;
        break;
      case 'network':
        form = <NetworkForm device={virtual} busy={busy} onSubmit={(request) => act('network', () => api.setVirtualDeviceNetwork({ deviceId, ...request }))} />;
        break;
    }
  }

  return (
    <section className="detail-block virtual-site" aria-labelledby={`${prefix}-heading`} data-testid="virtual-site-panel" data-online={virtual?.online}>
      <h3 className="detail-heading" id={`${prefix}-heading`}>
        Virtual site: act at this device
      </h3>
      <p className="panel-text muted">As a person at the reader would. The device logs it as a change made at the device, and the console reacts as it does to a real reader.</p>
      {virtual !== null && (
        <p className="panel-text" data-testid="virtual-device-summary">
          {virtualDeviceSummary(virtual)}
        </p>
      )}
      {site.error !== null && <ErrorNote title="Cannot reach the virtual device" message={site.error} />}
      <Tabs<AtDeviceAction> prefix={prefix} label="At the device" tabs={shownTabs} current={tab} onSelect={setTab} />
      <div className="tab-panel" role="tabpanel" id={panelId(prefix, tab)} aria-labelledby={tabId(prefix, tab)}>
        {form ?? (site.error === null && <p className="panel-text muted">Loading…</p>)}
      </div>
      {busy && (
        <p className="panel-text muted" role="status">
          At the device…
        </p>
      )}
      <div aria-live="polite" data-testid="at-device-outcome">
        {outcome?.kind === 'done' && (
          <StatusNote>
            {outcome.text} <a href={routeHref('monitoring')}>See it in Monitoring</a>
          </StatusNote>
        )}
      </div>
      {outcome !== null && outcome.kind !== 'done' && <ErrorNote title={outcome.title} message={outcome.text} onDismiss={() => setOutcome(null)} />}
      {mayRunTraffic && <SiteTrafficControl />}
    </section>
  );
}
