import { createContext, useContext } from 'react';
import type { MasterDataReader } from './masterReader';

/** The page's read access to the master copy (main.tsx provides the IndexedDB one). */
export const MasterDataContext = createContext<MasterDataReader | null>(null);

export function useMasterData(): MasterDataReader {
  const reader = useContext(MasterDataContext);
  if (reader === null) throw new Error('useMasterData outside <MasterDataContext>');
  return reader;
}
