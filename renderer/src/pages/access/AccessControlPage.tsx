import { create } from 'zustand';
import { PageHeader } from '../../components/PageHeader';
import { panelId, tabId, Tabs } from '../../components/Tabs';
import { DoorsTab } from './DoorsTab';
import { GroupsTab } from './GroupsTab';
import { LevelsTab } from './LevelsTab';
import { SchedulesTab } from './SchedulesTab';
import { ZonesTab } from './ZonesTab';

const tabs = [
  { id: 'groups', label: 'Access groups' },
  { id: 'levels', label: 'Access levels' },
  { id: 'schedules', label: 'Schedules' },
  { id: 'doors', label: 'Doors' },
  { id: 'zones', label: 'Zones' },
] as const;

type TabKey = (typeof tabs)[number]['id'];

const useAccessUi = create<{ tab: TabKey; setTab(tab: TabKey): void }>()((set) => ({ tab: 'groups', setTab: (tab) => set({ tab }) }));

function TabContent({ tab }: { tab: TabKey }) {
  switch (tab) {
    case 'groups':
      return <GroupsTab />;
    case 'levels':
      return <LevelsTab />;
    case 'schedules':
      return <SchedulesTab />;
    case 'doors':
      return <DoorsTab />;
    case 'zones':
      return <ZonesTab />;
  }
}

/**
 * Who may open which door, and when: a user's access groups grant access levels; a level pairs
 * doors with schedules; a door is controlled by its entry (and exit) device; zones group
 * devices for anti-passback.
 */
export function AccessControlPage() {
  const tab = useAccessUi((s) => s.tab);
  const setTab = useAccessUi((s) => s.setTab);
  return (
    <div className="page page-fill">
      <PageHeader title="Access control" />
      <Tabs prefix="access" label="Access control" tabs={tabs} current={tab} onSelect={setTab} />
      <div className="tab-panel" role="tabpanel" id={panelId('access', tab)} aria-labelledby={tabId('access', tab)}>
        <TabContent key={tab} tab={tab} />
      </div>
    </div>
  );
}
