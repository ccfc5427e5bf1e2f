import { useEffect } from 'react';
import { useSession } from '../stores/sessionStore';
import { useRoute, routes, routeShown, type RouteId } from '../app/routes';
import { mayRequest, useOperatorSession } from '../stores/operatorStore';
import { AccessControlPage } from '../pages/access/AccessControlPage';
import { DevicesPage } from '../pages/DevicesPage';
import { MonitoringPage } from '../pages/monitoring/MonitoringPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { UsersPage } from '../pages/users/UsersPage';
import { HostBanner } from './HostBanner';
import { Sidebar } from './Sidebar';
import { TopBar } from './TopBar';

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'overview':
      return <OverviewPage />;
    case 'devices':
      return <DevicesPage />;
    case 'users':
      return <UsersPage />;
    case 'access-control':
      return <AccessControlPage />;
    case 'settings':
      return <SettingsPage />;
    case 'monitoring':
      return <MonitoringPage />;
  }
}

/**
 * Tests wait for `document.body.dataset.ready === "true"` instead of sleeping. It is set in an
 * effect, i.e. after React has committed the first loaded devices and gateways to the DOM.
 */
function useReadyMark(): void {
  const done = useSession((s) => s.initialLoad === 'done');
  useEffect(() => {
    if (done) document.body.dataset.ready = 'true';
  }, [done]);
}

/** A page the role does not show, reached by its address: said so, nothing of it rendered. */
function NotForRole({ label }: { label: string }) {
  return (
    <div className="page">
      <p className="field-hint" data-testid="not-for-role">
        {label} is not available to your role. An administrator can change your role in Settings → Operators.
      </p>
    </div>
  );
}

export function App() {
  useReadyMark();
  const route = useRoute();
  const operatorSession = useOperatorSession();
  const label = routes.find((r) => r.id === route)?.label ?? '';
  const shown = routeShown(route, (name) => mayRequest(operatorSession, name));
  return (
    <div className="app">
      <TopBar />
      <Sidebar current={route} />
      <main className="content" aria-label={label}>
        <HostBanner />
        {shown ? <Page route={route} /> : <NotForRole label={label} />}
      </main>
    </div>
  );
}
