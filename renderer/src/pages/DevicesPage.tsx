import { useDeferredValue, useMemo, type ReactNode } from 'react';
import { useConsole } from '../app/ConsoleContext';
import { formatIn, useNow } from '../app/useNow';
import { GatewayBanners } from '../components/GatewayBanner';
import { PageHeader } from '../components/PageHeader';
import { ShapeIcon } from '../components/StateIcon';
import { countByState, selectSortedRows, summaryText, useDevices } from '../stores/devicesStore';
import { useDeviceTableUi } from '../stores/deviceTableStore';
import { useSession } from '../stores/sessionStore';
import { DeviceTable } from './DeviceTable';
import { DeviceDetail } from './devices/DeviceDetail';
import { FilterField } from '../components/FilterField';

function LoadError() {
  const { refresh, link } = useConsole();
  const loadError = useSession((s) => s.loadError);
  const nextLoadAt = useSession((s) => s.nextLoadAt);
  const loading = useSession((s) => s.loading);
  const linkOpen = useSession((s) => s.link.state === 'open');
  const now = useNow(1000, nextLoadAt !== null);
  if (loadError === null) return null;
  return (
    <section className="banner banner-error" data-testid="load-error" aria-label="Loading failed">
      <ShapeIcon shape="stop" />
      <div className="banner-body">
        <p className="banner-title">Could not load devices and gateways</p>
        <p className="banner-text banner-message">{loadError}</p>
        {nextLoadAt !== null && <p className="banner-text">Trying again {formatIn(nextLoadAt, now)}.</p>}
      </div>
      <button
        type="button"
        className="button"
        disabled={loading}
        onClick={() => (linkOpen ? refresh() : link.reconnectNow())}
      >
        Try again
      </button>
    </section>
  );
}

function Summary({ text }: { text: string }) {
  return (
    <p className="summary" data-testid="device-summary">
      {text}
    </p>
  );
}

export function DevicesPage() {
  const devices = useDevices((s) => s.devices);
  const loaded = useDevices((s) => s.loaded);
  const loadError = useSession((s) => s.loadError);
  const sort = useDeviceTableUi((s) => s.sort);
  const filter = useDeviceTableUi((s) => s.filter);
  const setFilter = useDeviceTableUi((s) => s.setFilter);
  const sortBy = useDeviceTableUi((s) => s.sortBy);
  const selectedKey = useDeviceTableUi((s) => s.selectedKey);
  const select = useDeviceTableUi((s) => s.select);
  const selected = selectedKey === null ? undefined : devices.get(selectedKey);
  const deferredFilter = useDeferredValue(filter);

  const counts = useMemo(() => countByState(devices.values()), [devices]);
  const rows = useMemo(() => selectSortedRows(devices, sort, deferredFilter), [devices, sort, deferredFilter]);
  const filtering = deferredFilter.trim() !== '';

  let body: ReactNode;
  if (!loaded) {
    body =
      loadError === null ? (
        <div className="empty" data-testid="devices-loading">
          <p className="empty-title">Loading devices…</p>
        </div>
      ) : null;
  } else if (counts.total === 0) {
    body = (
      <div className="empty" data-testid="devices-empty">
        <p className="empty-title">No devices yet</p>
        <p className="empty-text">
          Devices appear here as soon as a gateway reports them. If a gateway has a problem, it is shown above.
        </p>
      </div>
    );
  } else if (rows.length === 0) {
    body = (
      <div className="empty" data-testid="devices-no-match">
        <p className="empty-title">No device matches “{deferredFilter.trim()}”</p>
        <button type="button" className="button" onClick={() => setFilter('')}>
          Clear filter
        </button>
      </div>
    );
  } else {
    body = <DeviceTable rows={rows} sort={sort} onSort={sortBy} selectedKey={selectedKey} onSelect={select} />;
  }

  return (
    <div className="page page-devices">
      <PageHeader title="Devices">
        <Summary text={loaded ? summaryText(counts) : 'Loading…'} />
      </PageHeader>
      <GatewayBanners />
      <LoadError />
      <div className="toolbar">
        <FilterField label="Filter devices" placeholder="Filter by name, ID, IP or model" value={filter} onChange={setFilter} maxLength={200} />
        {filtering && loaded && (
          <span className="toolbar-note" data-testid="device-filter-count">
            {rows.length} of {counts.total} shown
          </span>
        )}
      </div>
      <div className={`split${selected === undefined ? '' : ' split-open'}`}>
        <div className="split-main">{body}</div>
        {selected !== undefined && <DeviceDetail key={selected.key} device={selected} onClose={() => select(null)} />}
      </div>
    </div>
  );
}
