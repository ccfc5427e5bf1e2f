import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGatewayCerts } from '../sim/certs';
import { VirtualGateway } from '../sim/virtualGateway';
import { GatewayClient } from './client';
import { DeviceStatus } from './messages';
import { gatewayFailureOf } from './testSupport';

let dir: string;
let gateway: VirtualGateway;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gsdk-tls-'));
  gateway = await VirtualGateway.start({ tls: { certDir: path.join(dir, 'certs') }, devices: 2 });
});

afterAll(async () => {
  await gateway.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('gateway TLS', () => {
  it('works for a client that trusts the generated CA, over 127.0.0.1 and localhost', async () => {
    expect(gateway.caCertPath).toBe(path.join(dir, 'certs', 'ca.crt'));
    expect(gateway.caCert?.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    for (const host of ['127.0.0.1', 'localhost']) {
      const client = new GatewayClient({ host, port: gateway.grpcPort, caCert: gateway.caCert });
      try {
        await client.waitForReady(5_000);
        const devices = await client.connect.getDeviceList();
        expect(devices).toHaveLength(2);
        expect(devices.every((device) => device.status === DeviceStatus.TLS_CONNECTED && device.useSSL)).toBe(true);
      } finally {
        client.close();
      }
    }
  });

  it('fails with "not trusted" for a client that trusts another CA', async () => {
    const otherCerts = await ensureGatewayCerts(path.join(dir, 'other-ca'));
    const client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: otherCerts.caCert });
    try {
      const started = Date.now();
      const notReady = await gatewayFailureOf(client.waitForReady(15_000));
      expect(notReady.message).toMatch(/^gateway 127\.0\.0\.1:\d+ certificate is not trusted/);
      expect(notReady.kind).toBe('untrusted');
      // A certificate problem is reported at once, not when the wait runs out.
      expect(Date.now() - started).toBeLessThan(5_000);
      const call = await gatewayFailureOf(client.connect.getDeviceList());
      expect(call.message).toMatch(/certificate is not trusted/);
      expect(call.kind).toBe('untrusted');
    } finally {
      client.close();
    }
  });

  it('fails with a clear message for a plaintext client', async () => {
    const client = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
    try {
      const notReady = await gatewayFailureOf(client.waitForReady(300));
      expect(notReady.message).toMatch(/accepts connections but gRPC was not ready .* \(does it require TLS\?\)/);
    } finally {
      client.close();
    }
  });

  it('reuses the certificates on the next start', async () => {
    const certDir = path.join(dir, 'certs');
    const before = await Promise.all(['ca.crt', 'server.crt', 'server.key'].map((file) => readFile(path.join(certDir, file))));
    const keyMode = (await stat(path.join(certDir, 'server.key'))).mode & 0o777;
    const second = await VirtualGateway.start({ tls: { certDir }, devices: 0 });
    try {
      expect(second.caCert?.equals(before[0] ?? Buffer.alloc(0))).toBe(true);
      const after = await Promise.all(['ca.crt', 'server.crt', 'server.key'].map((file) => readFile(path.join(certDir, file))));
      expect(after).toEqual(before);
      expect(keyMode).toBe(0o600);
      const client = new GatewayClient({ host: '127.0.0.1', port: second.grpcPort, caCert: gateway.caCert });
      try {
        expect(await client.connect.getDeviceList()).toEqual([]);
      } finally {
        client.close();
      }
    } finally {
      await second.stop();
    }
  });
});
