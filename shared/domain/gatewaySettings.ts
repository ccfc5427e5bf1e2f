import { z } from 'zod';

/**
 * The operator's device gateways (Settings → Device gateways): where each one is and the CA
 * certificate that is pinned for it, plus whether the built-in virtual site runs. The core keeps
 * them in a settings file of its own (electron/core/gatewaySettingsFile.ts), never in the
 * database: the core reads them at start, before any window (and so any database host) exists.
 * A CA certificate is public, so it is stored as is; a gateway credential would go to the
 * SecretStore instead (electron/core/secretStore.ts).
 */

/** A DNS name (RFC 1123 labels) or an IPv4 / IPv6 literal, nothing else: no scheme, no port, no path. */
const HOSTNAME = /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Hex groups and colons (with an optional trailing IPv4); the core's net.isIP has the last word. */
const IPV6 = /^[0-9A-Fa-f:]{2,39}(\d{1,3}(\.\d{1,3}){3})?$/;

export const gatewayHostSchema = z
  .string()
  .trim()
  .min(1, 'give the gateway address')
  .max(253)
  .refine((host) => IPV4.test(host) || (host.includes(':') && IPV6.test(host)) || (!/^[\d.]+$/.test(host) && HOSTNAME.test(host)), {
    message: 'not a host name or an IP address',
  });

export const ipv4Schema = z.string().trim().regex(IPV4, 'not an IPv4 address (four numbers 0–255 separated by dots)');

export const portSchema = z.number().int('a whole number').min(1, 'from 1 to 65535').max(65_535, 'from 1 to 65535');

/** A CA chain is a few kilobytes; 64 KB leaves room for a long one and keeps a mistake (a picked photo) out. */
export const MAX_CA_PEM_CHARS = 64 * 1024;
export const caCertPemSchema = z
  .string()
  .max(MAX_CA_PEM_CHARS, 'larger than a CA certificate file can be (64 KB)')
  .refine((pem) => pem.includes('-----BEGIN CERTIFICATE-----'), { message: 'not a PEM certificate (no BEGIN CERTIFICATE line)' });

export const gatewayNameSchema = z.string().trim().max(64, 'at most 64 characters');
/** The name of the CA file the operator picked, kept only to show it again. */
const caFileNameSchema = z.string().max(255);

export const gatewayIdSchema = z.string().min(1).max(200);

/** What the operator enters for a gateway; the CA is the PEM text (the file dialog or the file input reads it). */
export const gatewayEntrySchema = z
  .object({
    name: gatewayNameSchema,
    host: gatewayHostSchema,
    port: portSchema,
    caCertPem: caCertPemSchema,
    caFileName: caFileNameSchema,
  })
  .strict();
export type GatewayEntry = z.infer<typeof gatewayEntrySchema>;

/** An edit: a CA left out keeps the one stored. */
export const gatewayEditSchema = z
  .object({
    id: gatewayIdSchema,
    name: gatewayNameSchema,
    host: gatewayHostSchema,
    port: portSchema,
    caCertPem: caCertPemSchema.optional(),
    caFileName: caFileNameSchema.optional(),
  })
  .strict();
export type GatewayEdit = z.infer<typeof gatewayEditSchema>;

/** What the settings page shows of a pinned CA certificate (read from the PEM by the core). */
export const caSummarySchema = z
  .object({
    fileName: z.string(),
    subject: z.string(),
    /** SHA-256 of the first certificate, colon-separated hex, as the operator compares it with the gateway's. */
    fingerprint: z.string(),
    validTo: z.string(),
  })
  .strict();
export type CaSummary = z.infer<typeof caSummarySchema>;

export const storedGatewaySchema = z
  .object({
    id: gatewayIdSchema,
    name: z.string(),
    host: z.string(),
    port: z.number().int(),
    ca: caSummarySchema,
  })
  .strict();
export type StoredGatewayView = z.infer<typeof storedGatewaySchema>;

export const gatewaySettingsViewSchema = z
  .object({
    virtualSite: z.object({ enabled: z.boolean() }).strict(),
    gateways: z.array(storedGatewaySchema),
    /** Gateways named on the command line (`npm run host -- --gateway`): shown, not editable here. */
    fixed: z.array(z.object({ id: z.string(), address: z.string() }).strict()),
    /**
     * Where gateway credentials would be kept (electron/core/secretStore.ts): the OS keychain in
     * the desktop app, clear text in the dev/test host, or unavailable with the reason. The
     * G-SDK device gateway asks for no credential today (one-way TLS), so none is stored yet.
     */
    secretStorage: z.discriminatedUnion('available', [
      z.object({ available: z.literal(true), protection: z.string() }).strict(),
      z.object({ available: z.literal(false), reason: z.string() }).strict(),
    ]),
  })
  .strict();
export type GatewaySettingsView = z.infer<typeof gatewaySettingsViewSchema>;

/**
 * A connection test: gRPC over TLS with that CA, then `Connect.GetDeviceList`. The G-SDK subset
 * has no call that names the gateway's version, so a reachable gateway answers with its devices.
 */
export const gatewayTestResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ok'), deviceCount: z.number().int().nonnegative(), connectedCount: z.number().int().nonnegative(), elapsedMs: z.number() }).strict(),
  /** Nothing answers at the address (refused, no route, no answer in time). */
  z.object({ outcome: z.literal('unreachable'), message: z.string() }).strict(),
  /** Something answers with TLS, but its certificate is not signed by the CA given (wrong CA, or not this gateway). */
  z.object({ outcome: z.literal('untrusted'), message: z.string() }).strict(),
  /** It answers, but not as a G-SDK gateway over TLS (plain TCP, another protocol, an error of its own). */
  z.object({ outcome: z.literal('failed'), message: z.string() }).strict(),
]);
export type GatewayTestResult = z.infer<typeof gatewayTestResultSchema>;

/** Adding a device through a gateway by its address on the site network (G-SDK Connect + AddAsyncConnection). */
export const DEFAULT_DEVICE_PORT = 51211;
export const addDeviceArgsSchema = z
  .object({
    gatewayId: gatewayIdSchema,
    ip: ipv4Schema,
    port: portSchema,
    /** The device's own TLS (G-SDK `useSSL`); off on a device fresh from the factory. */
    useSsl: z.boolean(),
  })
  .strict();
export type AddDeviceArgs = z.infer<typeof addDeviceArgsSchema>;
