import { describe, expect, it, vi } from 'vitest';
import type { OperatorIdentity, OperatorRole } from '../domain/operators';
import type { RequestHandlers, RequestName } from './contract';
import { AccessRefusedError, ContractError, dispatchRequest, type CallerSession, type SessionStanding } from './dispatch';

const calls: { name: string; args: unknown; operator: OperatorIdentity | null }[] = [];
function recording(name: string, result: unknown) {
  return async (args: unknown, caller?: { operator: OperatorIdentity | null }) => {
    calls.push({ name, args, operator: caller?.operator ?? null });
    return result;
  };
}
const handlers = {
  getSession: recording('getSession', { state: 'signedOut' }),
  unlockSession: recording('unlockSession', { state: 'signedOut' }),
  getAppInfo: recording('getAppInfo', { version: '1', shell: 'host', virtualSite: null }),
  listDevices: recording('listDevices', []),
  listGateways: recording('listGateways', []),
  retryGateway: recording('retryGateway', null),
  saveDoor: recording('saveDoor', null),
  setSyncMode: recording('setSyncMode', null),
} as unknown as RequestHandlers<FakeSession>; // only these are dispatched here

class FakeSession implements CallerSession {
  activity = 0;
  refusals: { name: RequestName; reason: string }[] = [];
  /** What the contract refused, in order: the core logs it (operatorSessions.ts). */
  readonly offContractReasons: string[] = [];
  constructor(public current: SessionStanding) {}
  standing(): SessionStanding {
    return this.current;
  }
  noteActivity(): void {
    this.activity += 1;
  }
  refused(name: RequestName, reason: string): void {
    this.refusals.push({ name, reason });
  }
  offContract(reason: string): void {
    this.offContractReasons.push(reason);
  }
}

const operator = (role: OperatorRole, name = 'Ada'): OperatorIdentity => ({ id: `id-${name}`, name, role });
const signedIn = (role: OperatorRole) => new FakeSession({ state: 'signedIn', operator: operator(role) });
const door = { id: 1, name: 'Main', entryDeviceId: 11, exitDeviceId: null, relayPort: 0, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 };

describe('dispatchRequest: the contract', () => {
  it('runs the named handler with validated arguments and the caller', async () => {
    calls.length = 0;
    await expect(dispatchRequest(handlers, 'retryGateway', { gatewayId: 'virtual' }, signedIn('administrator'))).resolves.toBeNull();
    expect(calls).toEqual([{ name: 'retryGateway', args: { gatewayId: 'virtual' }, operator: operator('administrator') }]);
  });

  it('refuses names outside the contract, including prototype keys', async () => {
    const session = signedIn('administrator');
    await expect(dispatchRequest(handlers, 'deleteEverything', undefined, session)).rejects.toThrow(ContractError);
    await expect(dispatchRequest(handlers, 'constructor', undefined, session)).rejects.toThrow('unknown request');
    await expect(dispatchRequest(handlers, '__proto__', undefined, session)).rejects.toThrow('unknown request');
    expect(session.offContractReasons).toEqual(['unknown request "deleteEverything"', 'unknown request "constructor"', 'unknown request "__proto__"']);
  });

  it.each([
    [{}, 'gatewayId'],
    [{ gatewayId: 7 }, 'gatewayId'],
    [{ gatewayId: '' }, 'gatewayId'],
    [{ gatewayId: 'x', extra: true }, 'invalid arguments'],
    ['virtual', 'invalid arguments'],
  ])('refuses retryGateway(%j) naming the problem, and the session hears of it', async (args, words) => {
    const session = signedIn('administrator');
    await expect(dispatchRequest(handlers, 'retryGateway', args, session)).rejects.toThrow(words);
    expect(session.offContractReasons).toEqual([expect.stringContaining(words)]);
  });

  it('refuses arguments for a request that takes none', async () => {
    await expect(dispatchRequest(handlers, 'listDevices', { all: true }, signedIn('administrator'))).rejects.toThrow('invalid arguments for listDevices');
  });
});

describe('dispatchRequest: who may make a request', () => {
  it('refuses a Monitoring operator’s write before the handler runs, and reports it for the audit', async () => {
    calls.length = 0;
    const session = signedIn('monitoringOperator');
    const refusal = dispatchRequest(handlers, 'saveDoor', { record: door }, session);
    await expect(refusal).rejects.toThrow(AccessRefusedError);
    await expect(dispatchRequest(handlers, 'saveDoor', { record: door }, session)).rejects.toThrow('saveDoor needs a User operator or a higher role; Ada is a Monitoring operator');
    expect(calls).toEqual([]);
    expect(session.refusals.map((refused) => refused.name)).toEqual(['saveDoor', 'saveDoor']);
    expect(session.activity).toBe(0);
  });

  it('lets a Monitoring operator read devices, and a User operator edit doors but not settings', async () => {
    await expect(dispatchRequest(handlers, 'listDevices', undefined, signedIn('monitoringOperator'))).resolves.toEqual([]);
    await expect(dispatchRequest(handlers, 'saveDoor', { record: door }, signedIn('userOperator'))).resolves.toBeNull();
    await expect(dispatchRequest(handlers, 'setSyncMode', { mode: 'all' }, signedIn('userOperator'))).rejects.toThrow('needs an Administrator');
    await expect(dispatchRequest(handlers, 'setSyncMode', { mode: 'all' }, signedIn('administrator'))).resolves.toBeNull();
  });

  it('refuses everything but the session requests until someone signs in', async () => {
    const nobody = new FakeSession({ state: 'none' });
    await expect(dispatchRequest(handlers, 'listDevices', undefined, nobody)).rejects.toThrow('sign in first');
    await expect(dispatchRequest(handlers, 'getAppInfo', undefined, nobody)).rejects.toThrow('sign in first');
    await expect(dispatchRequest(handlers, 'unlockSession', { password: 'x' }, nobody)).rejects.toThrow('sign in first');
    await expect(dispatchRequest(handlers, 'getSession', undefined, nobody)).resolves.toEqual({ state: 'signedOut' });
    // No one to audit.
    expect(nobody.refusals).toEqual([]);
  });

  it('refuses a locked session’s requests, whatever the role, except unlocking', async () => {
    calls.length = 0;
    const lockedAdministrator = new FakeSession({ state: 'locked', operator: operator('administrator') });
    await expect(dispatchRequest(handlers, 'listDevices', undefined, lockedAdministrator)).rejects.toThrow('the console is locked');
    await expect(dispatchRequest(handlers, 'saveDoor', { record: door }, lockedAdministrator)).rejects.toThrow('the console is locked');
    await expect(dispatchRequest(handlers, 'unlockSession', { password: 'secret' }, lockedAdministrator)).resolves.toEqual({ state: 'signedOut' });
    expect(calls.map((call) => call.name)).toEqual(['unlockSession']);
  });

  it('counts actions as the operator’s activity, and reads not', async () => {
    const session = signedIn('administrator');
    await dispatchRequest(handlers, 'listDevices', undefined, session);
    expect(session.activity).toBe(0);
    await dispatchRequest(handlers, 'retryGateway', { gatewayId: 'virtual' }, session);
    expect(session.activity).toBe(1);
  });

  it('asks the session at every request, so a lock applies to the very next one', async () => {
    const session = signedIn('administrator');
    const standing = vi.spyOn(session, 'standing');
    await dispatchRequest(handlers, 'listDevices', undefined, session);
    session.current = { state: 'locked', operator: operator('administrator') };
    await expect(dispatchRequest(handlers, 'listDevices', undefined, session)).rejects.toThrow('locked');
    expect(standing).toHaveBeenCalledTimes(2);
  });
});
