import { describe, expect, it } from 'vitest';
import { connectionFromStatus } from './deviceStatus';
import { classifyGatewayFailure } from './gatewayFailure';

describe('classifyGatewayFailure', () => {
  it.each([
    ['gateway 127.0.0.1:4000 certificate is not trusted', 'untrusted'],
    ['14 UNAVAILABLE: No connection established', 'unreachable'],
    ['gateway 127.0.0.1:4000 is unreachable', 'unreachable'],
    ['13 INTERNAL: Failed to parse server response', 'failed'],
  ])('%s → %s', (message, state) => {
    expect(classifyGatewayFailure(new Error(message)).state).toBe(state);
  });
});

describe('connectionFromStatus', () => {
  it('maps the G-SDK status codes to what an operator reads', () => {
    expect(connectionFromStatus(0x02)).toEqual({ connection: 'connected', detail: 'TLS' });
    expect(connectionFromStatus(0x00).connection).toBe('disconnected');
    expect(connectionFromStatus(0x201)).toEqual({ connection: 'cannot-connect', detail: 'TLS connection not allowed' });
    expect(connectionFromStatus(0x777)).toEqual({ connection: 'disconnected', detail: 'status 0x777' });
  });
});
