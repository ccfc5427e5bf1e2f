import {
  gatewayHostSchema,
  gatewayNameSchema,
  ipv4Schema,
  portSchema,
  DEFAULT_DEVICE_PORT,
  type GatewayTestResult,
} from '../../../../shared/domain/gatewaySettings';
import type { FieldErrors } from '../../components/FieldError';

/** G-SDK's default gateway port. */
export const DEFAULT_GATEWAY_PORT = 4000;

/** The CA certificate the operator picked: the file's name and its text. */
export interface ChosenCa {
  fileName: string;
  pem: string;
}

export interface GatewayFields {
  name: string;
  host: string;
  port: string;
  /** null: none picked (a new gateway needs one; an edit keeps the stored one). */
  ca: ChosenCa | null;
}

export const emptyGatewayFields: GatewayFields = { name: '', host: '', port: String(DEFAULT_GATEWAY_PORT), ca: null };

export interface ParsedGateway {
  name: string;
  host: string;
  port: number;
  ca: ChosenCa | null;
}

/**
 * The form's text as a gateway, or what is wrong with each field, checked with the contract's
 * own schemas (the core checks again, and reads the certificate itself). `caRequired`: a new
 * gateway has no stored CA to keep.
 */
export function parseGatewayFields(fields: GatewayFields, caRequired: boolean): { gateway: ParsedGateway } | { errors: FieldErrors } {
  const errors: Record<string, string[]> = {};
  const name = gatewayNameSchema.safeParse(fields.name);
  if (!name.success) errors.name = [`Name: ${name.error.issues[0]?.message ?? 'invalid'}.`];
  const host = gatewayHostSchema.safeParse(fields.host);
  if (!host.success) errors.host = [`Enter the gateway's host name or IP address (${host.error.issues[0]?.message ?? 'invalid'}).`];
  const port = parsePort(fields.port);
  if (port === null) errors.port = ['Enter a port from 1 to 65535 (G-SDK gateways listen on 4000 unless changed).'];
  if (caRequired && fields.ca === null) errors.ca = ["Choose the gateway's CA certificate (ca.crt from the gateway's installation)."];
  if (!name.success || !host.success || port === null || Object.keys(errors).length > 0) return { errors };
  return { gateway: { name: name.data, host: host.data, port, ca: fields.ca } };
}

export interface DeviceAddressFields {
  ip: string;
  port: string;
  useSsl: boolean;
}

export const emptyDeviceAddress: DeviceAddressFields = { ip: '', port: String(DEFAULT_DEVICE_PORT), useSsl: false };

/** A device's address on the site network, strictly: four numbers 0–255, and a port. */
export function parseDeviceAddress(fields: DeviceAddressFields): { address: { ip: string; port: number; useSsl: boolean } } | { errors: FieldErrors } {
  const errors: Record<string, string[]> = {};
  const ip = ipv4Schema.safeParse(fields.ip);
  if (!ip.success) errors.ip = ['Enter the device’s IPv4 address, e.g. 192.168.10.21.'];
  const port = parsePort(fields.port);
  if (port === null) errors.port = [`Enter a port from 1 to 65535 (devices listen on ${DEFAULT_DEVICE_PORT}).`];
  if (!ip.success || port === null) return { errors };
  return { address: { ip: ip.data, port, useSsl: fields.useSsl } };
}

function parsePort(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const parsed = portSchema.safeParse(Number(trimmed));
  return parsed.success ? parsed.data : null;
}

/** A connection test's answer in the operator's words: a headline and, for a failure, what to check. */
export function testResultText(result: GatewayTestResult): { ok: boolean; title: string; detail: string } {
  switch (result.outcome) {
    case 'ok':
      return {
        ok: true,
        title: 'Reachable, TLS certificate trusted',
        detail: `The gateway answered in ${result.elapsedMs} ms and holds ${result.deviceCount} ${result.deviceCount === 1 ? 'device' : 'devices'} (${result.connectedCount} connected).`,
      };
    case 'unreachable':
      return { ok: false, title: 'Not reachable', detail: `Nothing answered at that address and port. Check the address, the port, and that the gateway runs. (${result.message})` };
    case 'untrusted':
      return {
        ok: false,
        title: 'Certificate not trusted',
        detail: `The gateway answered, but its certificate is not signed by the CA certificate chosen: choose the gateway’s own ca.crt, or check that this is the right gateway. (${result.message})`,
      };
    case 'failed':
      return { ok: false, title: 'Not a G-SDK gateway over TLS', detail: `Something answered, but not as a G-SDK gateway with TLS. (${result.message})` };
  }
}
