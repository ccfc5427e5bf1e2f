import { describe, expect, it } from 'vitest';
import { emptyGatewayFields, parseDeviceAddress, parseGatewayFields, testResultText } from './gatewayForm';

const ca = { fileName: 'ca.crt', pem: '-----BEGIN CERTIFICATE-----\n…' };

describe('parseGatewayFields', () => {
  it('takes a host name or an IP address and a port', () => {
    expect(parseGatewayFields({ name: ' Head office ', host: 'gw.site.local', port: '4000', ca }, true)).toEqual({ gateway: { name: 'Head office', host: 'gw.site.local', port: 4000, ca } });
    expect(parseGatewayFields({ ...emptyGatewayFields, host: '192.168.0.10', ca }, true)).toMatchObject({ gateway: { host: '192.168.0.10', port: 4000 } });
    expect(parseGatewayFields({ ...emptyGatewayFields, host: 'fe80::1', ca }, true)).toMatchObject({ gateway: { host: 'fe80::1' } });
  });

  it('names every field that is wrong', () => {
    const result = parseGatewayFields({ name: '', host: 'https://gw:4000/x', port: '70000', ca: null }, true);
    expect(result).toEqual({ errors: { host: [expect.any(String)], port: [expect.any(String)], ca: [expect.any(String)] } });
    expect(parseGatewayFields({ ...emptyGatewayFields, host: '300.1.1.1', ca }, true)).toMatchObject({ errors: { host: [expect.any(String)] } });
  });

  it('lets an edit keep the stored CA', () => {
    expect(parseGatewayFields({ ...emptyGatewayFields, host: 'gw' }, false)).toMatchObject({ gateway: { ca: null } });
  });
});

describe('parseDeviceAddress', () => {
  it('takes a strict IPv4 address and a port, nothing else', () => {
    expect(parseDeviceAddress({ ip: ' 192.168.10.21 ', port: '51211', useSsl: true })).toEqual({ address: { ip: '192.168.10.21', port: 51211, useSsl: true } });
    expect(parseDeviceAddress({ ip: 'reader.local', port: '51211', useSsl: false })).toMatchObject({ errors: { ip: [expect.any(String)] } });
    expect(parseDeviceAddress({ ip: '192.168.10.256', port: '0', useSsl: false })).toMatchObject({ errors: { ip: [expect.any(String)], port: [expect.any(String)] } });
  });
});

describe('testResultText', () => {
  it('says what each outcome means', () => {
    expect(testResultText({ outcome: 'ok', deviceCount: 1, connectedCount: 1, elapsedMs: 12 })).toMatchObject({ ok: true, detail: expect.stringMatching(/holds 1 device \(1 connected\)/) });
    expect(testResultText({ outcome: 'untrusted', message: 'x' })).toMatchObject({ ok: false, title: 'Certificate not trusted' });
    expect(testResultText({ outcome: 'unreachable', message: 'x' }).title).toBe('Not reachable');
  });
});
