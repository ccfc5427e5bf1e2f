import { describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { withAuditedActions } from './auditedActions';

const ada = { id: 'a', name: 'Ada', role: 'administrator' } as const;

function harness(syncDevice: () => Promise<null>) {
  const audit: ConsoleEvent[] = [];
  const handlers = { syncDevice, listDevices: async () => [] } as unknown as RequestHandlers;
  return { audit, wrapped: withAuditedActions(handlers, (event) => audit.push(event), () => 42) };
}

describe('withAuditedActions', () => {
  it('logs an operator’s action that succeeded: who, what, when, which device', async () => {
    const { audit, wrapped } = harness(async () => null);
    await wrapped.syncDevice({ deviceId: 5 }, { session: null, operator: ada });
    expect(audit).toEqual([expect.objectContaining({ time: 42, kind: 'operator.action', message: 'Ada (Administrator) asked to sync device 5', deviceId: 5 })]);
  });

  it('logs nothing for a read, a failed action, or an in-process caller', async () => {
    const failing = harness(async () => {
      throw new Error('no such device');
    });
    await expect(failing.wrapped.syncDevice({ deviceId: 5 }, { session: null, operator: ada })).rejects.toThrow('no such device');
    expect(failing.audit).toEqual([]);
    const quiet = harness(async () => null);
    await quiet.wrapped.syncDevice({ deviceId: 5 });
    await quiet.wrapped.listDevices(undefined, { session: null, operator: ada });
    expect(quiet.audit).toEqual([]);
  });
});
