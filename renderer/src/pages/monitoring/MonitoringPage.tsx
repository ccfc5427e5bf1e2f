import { useNow } from '../../app/useNow';
import { PageHeader } from '../../components/PageHeader';
import { panelId, tabId, Tabs } from '../../components/Tabs';
import { EventLog } from './EventLog';
import { useMonitoringUi } from './monitoringUi';
import { RealTimeLog } from './RealTimeLog';
import { useDeviceNames } from './useDeviceNames';

const tabs = [
  { id: 'live', label: 'Real-time log' },
  { id: 'history', label: 'Event log' },
] as const;

/**
 * Monitoring: the stored event log of every device and of the console, as it happens (Real-time
 * log) and as history to filter, page through and export (Event log).
 */
export function MonitoringPage() {
  const tab = useMonitoringUi((s) => s.tab);
  const setTab = useMonitoringUi((s) => s.setTab);
  const deviceNames = useDeviceNames();
  const nowMs = useNow(60_000);
  return (
    <div className="page page-fill">
      <PageHeader title="Monitoring" />
      <Tabs prefix="monitoring" label="Monitoring" tabs={tabs} current={tab} onSelect={setTab} />
      <div className="tab-panel" role="tabpanel" id={panelId('monitoring', tab)} aria-labelledby={tabId('monitoring', tab)}>
        {tab === 'live' ? <RealTimeLog deviceNames={deviceNames} nowMs={nowMs} /> : <EventLog deviceNames={deviceNames} nowMs={nowMs} />}
      </div>
    </div>
  );
}
