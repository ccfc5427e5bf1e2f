import { describe, expect, it } from 'vitest';
import { GatewayError } from '../gsdk';
import { connectionFromStatus } from './deviceStatus';
import { classifyGatewayFailure } from './gatewayFailure';

describe('classifyGatewayFailure', () => {
  it.each([
    ['unreachable', 'unreachable'],
    ['untrusted', 'untrusted'],
    ['protocol', 'failed'],
    ['refused', 'failed'],
  ] as const)('a GatewayError of kind %s → %s, keeping its message', (kind, state) => {
    const error = new GatewayError(`gateway 127.0.0.1:4000: ${kind}`, { code: 14, kind });
    expect(classifyGatewayFailure(error)).toEqual({ state, message: error.message });
  });

  it('treats anything else as failed', () => {
    expect(classifyGatewayFailure(new Error('boom'))).toEqual({ state: 'failed', message: 'boom' });
    expect(classifyGatewayFailure('odd')).toEqual({ state: 'failed', message: 'odd' });
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
