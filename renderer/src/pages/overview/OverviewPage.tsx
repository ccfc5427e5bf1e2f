import { useMemo } from 'react';
import { routeHref } from '../../app/routes';
import { useNow } from '../../app/useNow';
import { ErrorNote } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useDevices } from '../../stores/devicesStore';
import { useDeviceNames } from '../monitoring/useDeviceNames';
import { categoryLabels } from '../monitoring/eventText';
import { AlertList } from './AlertList';
import { EventRateChart } from './EventRateChart';
import { fleetCounts, hourSummaryText, minuteSeries, type FleetCounts } from './overviewData';
import { useEventRates } from './useEventRates';

const TILES: readonly { key: keyof Omit<FleetCounts, 'total' | 'failed'>; label: string; tone: string }[] = [
  { key: 'connected', label: 'Connected', tone: 'ok' },
  { key: 'disconnected', label: 'Disconnected', tone: 'off' },
  { key: 'outOfSync', label: 'Out of sync', tone: 'warn' },
  { key: 'syncing', label: 'Syncing', tone: 'pending' },
];

/** The fleet at a glance, live from the devices store; each tile leads to the Devices page. */
function FleetTiles({ counts }: { counts: FleetCounts }) {
  return (
    <ul className="overview-tiles" aria-label="Devices">
      {TILES.map((tile) => (
        <li key={tile.key}>
          <a className={`overview-tile tone-${tile.tone}`} href={routeHref('devices')} data-testid={`tile-${tile.key}`} data-count={counts[tile.key]}>
            <span className="tile-count">{counts[tile.key].toLocaleString('en-US')}</span>
            <span className="tile-label">{tile.label}</span>
            {tile.key === 'outOfSync' && counts.failed > 0 && <span className="tile-note">{counts.failed} stopped on an error</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Overview: the site at a glance. Devices connected, disconnected, out of sync and syncing (the
 * devices store, live), the last alerts (the event log's newest warnings and errors, live), and
 * events per minute by category over the last hour (counted by the database host as it stores
 * them; read every few seconds).
 */
export function OverviewPage() {
  const devices = useDevices((s) => s.devices);
  const counts = useMemo(() => fleetCounts(devices.values()), [devices]);
  const deviceNames = useDeviceNames();
  const nowMs = useNow(60_000);
  const rates = useEventRates();
  const series = useMemo(() => minuteSeries(rates.rows ?? [], rates.readAt), [rates.rows, rates.readAt]);

  return (
    <div className="page overview">
      <PageHeader title="Overview">
        <p className="summary" data-testid="overview-summary">
          {`${counts.total} ${counts.total === 1 ? 'device' : 'devices'}`}
        </p>
      </PageHeader>
      <FleetTiles counts={counts} />
      <div className="overview-columns">
        <section className="overview-panel overview-chart" aria-labelledby="overview-rate-heading">
          <h2 className="overview-heading" id="overview-rate-heading">
            Events per minute, last hour
          </h2>
          {rates.error !== null && <ErrorNote title="Cannot read the event counts" message={`${rates.error} (trying again)`} />}
          <p className="panel-text" data-testid="events-last-hour">
            {rates.rows === null ? 'Loading…' : hourSummaryText(series, categoryLabels)}
          </p>
          <EventRateChart series={series} />
        </section>
        <section className="overview-panel overview-alerts" aria-labelledby="overview-alerts-heading">
          <h2 className="overview-heading" id="overview-alerts-heading">
            Last alerts
          </h2>
          <AlertList deviceNames={deviceNames} nowMs={nowMs} />
          <p className="panel-text">
            <a href={routeHref('monitoring')}>All events in Monitoring</a>
          </p>
        </section>
      </div>
    </div>
  );
}
