import { createContext, useContext } from 'react';
import type { ConsoleApi } from '../../../shared/ipc/contract';
import type { HostLink } from '../api/hostLink';

export interface ConsoleContextValue {
  api: ConsoleApi;
  link: HostLink;
  shell: 'electron' | 'browser';
  /** Load devices and gateways again now. */
  refresh(): void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (value === null) throw new Error('useConsole outside <ConsoleContext>');
  return value;
}
