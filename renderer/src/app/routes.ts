import { useSyncExternalStore } from 'react';
import type { RequestName } from '../../../shared/ipc/contract';

/** The pages of the left navigation, in order. Hash routes (#/devices) work under app:// and http. */
export const routes = [
  { id: 'overview', label: 'Overview', shownWith: null },
  { id: 'devices', label: 'Devices', shownWith: null },
  { id: 'users', label: 'Users', shownWith: 'saveUser' },
  { id: 'access-control', label: 'Access control', shownWith: 'saveDoor' },
  { id: 'monitoring', label: 'Monitoring', shownWith: null },
  { id: 'settings', label: 'Settings', shownWith: 'setSyncMode' },
] as const satisfies readonly { id: string; label: string; shownWith: RequestName | null }[];

export type RouteId = (typeof routes)[number]['id'];

/**
 * Whether the operator's role shows a page: a page whose work the role may not do (Users for a
 * Monitoring operator, Settings for anyone but an Administrator) is left out of the navigation
 * and not shown. `may` is the role check (stores/operatorStore.ts).
 */
export function routeShown(id: RouteId, may: (name: RequestName) => boolean): boolean {
  const route = routes.find((candidate) => candidate.id === id);
  return route !== undefined && (route.shownWith === null || may(route.shownWith));
}

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
