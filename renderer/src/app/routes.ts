import { useSyncExternalStore } from 'react';

/** The pages of the left navigation, in order. Hash routes (#/devices) work under app:// and http. */
export const routes = [
  { id: 'overview', label: 'Overview' },
  { id: 'devices', label: 'Devices' },
  { id: 'users', label: 'Users' },
  { id: 'access-control', label: 'Access control' },
  { id: 'monitoring', label: 'Monitoring' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof routes)[number]['id'];

export const defaultRoute: RouteId = 'devices';

export function routeHref(id: RouteId): string {
  return `#/${id}`;
}

export function parseRoute(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '');
  return routes.find((route) => route.id === id)?.id ?? defaultRoute;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): RouteId {
  return useSyncExternalStore(subscribe, () => parseRoute(window.location.hash));
}
