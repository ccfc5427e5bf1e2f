import type { CallerSession } from '../../../shared/ipc/dispatch';

/**
 * Tests only: a shell's session with an administrator signed in, for tests of requests whose
 * handlers never look at who asks (signing in itself is tested in operatorSessions.test.ts).
 */
export const signedInAdministrator: CallerSession = {
  standing: () => ({ state: 'signedIn', operator: { id: 'admin', name: 'Test administrator', role: 'administrator' } }),
  noteActivity: () => undefined,
  refused: () => undefined,
  offContract: () => undefined,
};
