import { describe, expect, it } from 'vitest';
import type { RequestHandlers } from './contract';
import { ContractError, dispatchRequest } from './dispatch';

const calls: unknown[] = [];
const handlers = {
  getAppInfo: async () => ({ version: '1', shell: 'host', virtualSite: null }),
  listDevices: async () => [],
  listGateways: async () => [],
  retryGateway: async (args) => {
    calls.push(args);
    return null;
  },
} satisfies Partial<RequestHandlers> as unknown as RequestHandlers; // only these are dispatched here

describe('dispatchRequest', () => {
  it('runs the named handler with validated arguments', async () => {
    await expect(dispatchRequest(handlers, 'retryGateway', { gatewayId: 'virtual' })).resolves.toBeNull();
    expect(calls).toEqual([{ gatewayId: 'virtual' }]);
  });

  it('refuses names outside the contract, including prototype keys', async () => {
    await expect(dispatchRequest(handlers, 'deleteEverything', undefined)).rejects.toThrow(ContractError);
    await expect(dispatchRequest(handlers, 'constructor', undefined)).rejects.toThrow('unknown request');
    await expect(dispatchRequest(handlers, '__proto__', undefined)).rejects.toThrow('unknown request');
  });

  it.each([
    [{}, 'gatewayId'],
    [{ gatewayId: 7 }, 'gatewayId'],
    [{ gatewayId: '' }, 'gatewayId'],
    [{ gatewayId: 'x', extra: true }, 'invalid arguments'],
    ['virtual', 'invalid arguments'],
  ])('refuses retryGateway(%j) naming the problem', async (args, words) => {
    await expect(dispatchRequest(handlers, 'retryGateway', args)).rejects.toThrow(words);
  });

  it('refuses arguments for a request that takes none', async () => {
    await expect(dispatchRequest(handlers, 'listDevices', { all: true })).rejects.toThrow('invalid arguments for listDevices');
  });
});
