import { routeHref, routes, routeShown, type RouteId } from '../app/routes';
import { mayRequest, useOperatorSession } from '../stores/operatorStore';
import { useSession } from '../stores/sessionStore';
import { useConsole } from '../app/ConsoleContext';

export function Sidebar({ current }: { current: RouteId }) {
  const { shell } = useConsole();
  const version = useSession((s) => s.appInfo?.version ?? null);
  const operatorSession = useOperatorSession();
  return (
    <nav className="sidebar" aria-label="Main">
      <ul className="nav-list">
        {routes
          .filter((route) => routeShown(route.id, (name) => mayRequest(operatorSession, name)))
          .map((route) => (
            <li key={route.id}>
              <a className="nav-link" href={routeHref(route.id)} aria-current={route.id === current ? 'page' : undefined}>
                {route.label}
              </a>
            </li>
          ))}
      </ul>
      <p className="sidebar-footer">
        {version === null ? 'Portcullis' : `Portcullis ${version}`}
        <br />
        {shell === 'electron' ? 'Desktop' : 'Browser (dev/test host)'}
      </p>
    </nav>
  );
}
