import { isIP } from 'node:net';
import type { GatewaySettingsView } from '../../shared/domain/gatewaySettings';
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { ConsoleCore, RunningVirtualSite } from './consoleCore';
import type { GatewayAdminRequestName } from './gatewayAdminRequests';
import { gatewayAddress, type GatewayConfig } from './gatewayConfig';
import {
  MAX_GATEWAYS,
  newGatewayId,
  saveGatewaySettings,
  summarizeCaCertificate,
  type GatewaySettings,
  type StoredGateway,
} from './gatewaySettingsFile';
import { testGatewayConnection } from './gatewayTest';
import type { SecretStore } from './secretStore';
import { actor, actorName } from './operatorEvents';
import { consoleEvent } from './sync/syncEvents';
import { VIRTUAL_GATEWAY_ID, type VirtualSite } from './virtualSite';

/** What only the shell can do: Electron's native Open dialog. The dev/test host has none (the page reads the file). */
export interface ShellServices {
  chooseCaCertificate?: () => Promise<{ fileName: string; pem: string } | null>;
}

export interface GatewayAdminOptions {
  dataDir: string;
  settings: GatewaySettings;
  /** Gateways named on the command line: connected, listed, never stored or edited here. */
  fixed: readonly GatewayConfig[];
  /** The virtual site running at start, if any. */
  virtualSite: VirtualSite | null;
  /** Starts the virtual site (same data folder, so the same CA, and the same ports when they were given). */
  startVirtualSite: () => Promise<VirtualSite>;
  /** Called with each virtual site started after the console's start (e.g. to seed an empty database). */
  onVirtualSiteStarted?: (site: VirtualSite) => void;
  shell?: ShellServices;
  /** Where gateway credentials go; its availability is shown in the settings. */
  secrets: SecretStore;
}

/** How a stored gateway is connected: TLS with its CA pinned. */
export function storedGatewayConfig(stored: StoredGateway): GatewayConfig {
  return {
    id: stored.id,
    label: stored.name || `Gateway ${gatewayAddress(stored)}`,
    kind: 'remote',
    host: stored.host,
    port: stored.port,
    caCert: Buffer.from(stored.caCertPem, 'utf8'),
  };
}

export function runningVirtualSite(site: VirtualSite): RunningVirtualSite {
  return { gateway: site.gateway, grpcPort: site.gateway.grpcPort, controlPort: site.controlPort };
}

/**
 * Settings → Device gateways, and devices added or removed through a gateway. Every change is
 * stored first and then applied to the running core (a gateway connected, reconnected with new
 * values, or let go; the virtual site started or stopped), one change at a time.
 */
export class GatewayAdmin {
  private settings: GatewaySettings;
  private virtualSite: VirtualSite | null;
  /** Changes run one after another, so two windows editing at once cannot interleave file and core. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly core: ConsoleCore,
    private readonly options: GatewayAdminOptions,
  ) {
    this.settings = options.settings;
    this.virtualSite = options.virtualSite;
  }

  /** The virtual site running now (the runtime stops it at the end). */
  get runningSite(): VirtualSite | null {
    return this.virtualSite;
  }

  handlers(): Pick<RequestHandlers, GatewayAdminRequestName> {
    return {
      getGatewaySettings: async () => this.view(),
      testGateway: async ({ host, port, caCertPem }) => {
        summarizeCaCertificate(caCertPem, '');
        return testGatewayConnection({ host: checkedHost(host), port, caCert: Buffer.from(caCertPem, 'utf8') });
      },
      addGateway: (entry, caller) =>
        this.change(async () => {
          if (this.settings.gateways.length >= MAX_GATEWAYS) throw new Error(`at most ${MAX_GATEWAYS} gateways can be configured`);
          summarizeCaCertificate(entry.caCertPem, entry.caFileName);
          const host = checkedHost(entry.host);
          this.refuseDuplicateAddress(host, entry.port, null);
          const stored: StoredGateway = { id: newGatewayId(), name: entry.name, host, port: entry.port, caCertPem: entry.caCertPem, caFileName: entry.caFileName };
          await this.store({ ...this.settings, gateways: [...this.settings.gateways, stored] });
          this.core.attachGateway(storedGatewayConfig(stored));
          this.log('gateway.added', `${actor(actorName(caller))} added gateway ${describeStored(stored)}`);
          return { id: stored.id };
        }),
      updateGateway: (edit, caller) =>
        this.change(async () => {
          const current = this.settings.gateways.find((gateway) => gateway.id === edit.id);
          if (!current) throw new Error(this.unknownGateway(edit.id));
          const host = checkedHost(edit.host);
          this.refuseDuplicateAddress(host, edit.port, edit.id);
          const caCertPem = edit.caCertPem ?? current.caCertPem;
          const caFileName = edit.caCertPem === undefined ? current.caFileName : (edit.caFileName ?? '');
          summarizeCaCertificate(caCertPem, caFileName);
          const updated: StoredGateway = { id: current.id, name: edit.name, host, port: edit.port, caCertPem, caFileName };
          await this.store({ ...this.settings, gateways: this.settings.gateways.map((gateway) => (gateway.id === edit.id ? updated : gateway)) });
          // Another address may be another gateway: its devices are read afresh.
          if (this.core.connection(edit.id)) await this.core.detachGateway(edit.id);
          this.core.attachGateway(storedGatewayConfig(updated));
          this.log('gateway.changed', `${actor(actorName(caller))} changed gateway ${describeStored(current)} → ${describeStored(updated)}`);
          return null;
        }),
      removeGateway: ({ id }, caller) =>
        this.change(async () => {
          const removed = this.settings.gateways.find((gateway) => gateway.id === id);
          if (!removed) throw new Error(this.unknownGateway(id));
          await this.store({ ...this.settings, gateways: this.settings.gateways.filter((gateway) => gateway.id !== id) });
          if (this.core.connection(id)) await this.core.detachGateway(id);
          this.log('gateway.removed', `${actor(actorName(caller))} removed gateway ${describeStored(removed)}`);
          return null;
        }),
      setVirtualSiteEnabled: ({ enabled }, caller) =>
        this.change(async () => {
          // Stored only once it runs, so a site that cannot start (its port taken) is not left "on".
          if (enabled) {
            await this.startVirtualSite();
            await this.store({ ...this.settings, virtualSite: { enabled } });
          } else {
            await this.store({ ...this.settings, virtualSite: { enabled } });
            await this.stopVirtualSite();
          }
          this.log('gateway.virtualSiteSwitched', `${actor(actorName(caller))} switched the virtual site ${enabled ? 'on' : 'off'}`);
          return null;
        }),
      chooseCaCertificate: async () => {
        const choose = this.options.shell?.chooseCaCertificate;
        if (!choose) throw new Error('this console has no file dialog: the page reads the CA certificate file itself');
        return choose();
      },
      addDeviceByAddress: async ({ gatewayId, ip, port, useSsl }, caller) => {
        const connection = this.core.connection(gatewayId);
        if (!connection) throw new Error(this.unknownGateway(gatewayId));
        // Device IDs are serial numbers: the console (journal, event cursors, requests by ID)
        // counts on each being one device. The same one through two gateways is refused.
        const deviceId = await connection.connectDevice({ ip, port, useSsl }, (id) => {
          const elsewhere = this.core.registry.list().find((device) => device.deviceID === id && device.gatewayId !== gatewayId);
          return elsewhere ? `device ${id} at ${ip}:${port} is already connected through ${this.gatewayLabel(elsewhere.gatewayId)}; remove it there first` : null;
        });
        this.log('device.addedByAddress', `${actor(actorName(caller))} added device ${deviceId} at ${ip}:${port} through ${this.gatewayLabel(gatewayId)}`, deviceId);
        return { deviceId };
      },
      removeDevice: async ({ deviceId }, caller) => {
        const device = this.core.registry.list().find((view) => view.deviceID === deviceId);
        if (!device) throw new Error(`no device ${deviceId}`);
        const connection = this.core.connection(device.gatewayId);
        if (!connection) throw new Error(this.unknownGateway(device.gatewayId));
        await connection.removeDevice(deviceId);
        this.log('device.removedFromGateway', `${actor(actorName(caller))} removed ${device.name} (${deviceId}) from ${connection.config.label}`, deviceId);
        return null;
      },
    };
  }

  /** Stops the virtual site, if it runs (the console's end). */
  async stop(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.virtualSite?.stop();
    this.virtualSite = null;
  }

  /** The operator's change, in the console's own event log (no CA text, only its file name). */
  private log(kind: string, message: string, deviceId: number | null = null): void {
    this.core.events?.add(consoleEvent(Date.now(), kind, 'info', message, deviceId));
  }

  private view(): GatewaySettingsView {
    return {
      virtualSite: { enabled: this.virtualSite !== null },
      gateways: this.settings.gateways.map((gateway) => ({
        id: gateway.id,
        name: gateway.name,
        host: gateway.host,
        port: gateway.port,
        ca: summarizeStored(gateway),
      })),
      fixed: this.options.fixed.map((config) => ({ id: config.id, address: gatewayAddress(config) })),
      secretStorage: this.options.secrets.availability(),
    };
  }

  private change<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async store(settings: GatewaySettings): Promise<void> {
    await saveGatewaySettings(this.options.dataDir, settings);
    this.settings = settings;
  }

  private async startVirtualSite(): Promise<void> {
    if (this.virtualSite) return;
    const site = await this.options.startVirtualSite();
    this.virtualSite = site;
    this.core.setVirtualSite(runningVirtualSite(site));
    this.core.attachGateway(site.config);
    this.options.onVirtualSiteStarted?.(site);
  }

  private async stopVirtualSite(): Promise<void> {
    const site = this.virtualSite;
    if (!site) return;
    this.virtualSite = null;
    this.core.setVirtualSite(null);
    if (this.core.connection(VIRTUAL_GATEWAY_ID)) await this.core.detachGateway(VIRTUAL_GATEWAY_ID);
    await site.stop();
  }

  private refuseDuplicateAddress(host: string, port: number, exceptId: string | null): void {
    const same = [...this.settings.gateways, ...this.options.fixed].find(
      (gateway) => gateway.id !== exceptId && gateway.host.toLowerCase() === host.toLowerCase() && gateway.port === port,
    );
    if (same) throw new Error(`${host}:${port} is already configured (${this.gatewayLabel(same.id)})`);
  }

  private gatewayLabel(id: string): string {
    return this.core.connection(id)?.config.label ?? `gateway "${id}"`;
  }

  private unknownGateway(id: string): string {
    return `no gateway "${id}" in the settings`;
  }
}

/** An IPv6 literal is checked by Node's own parser; the contract's pattern only keeps it to hex and colons. */
function checkedHost(host: string): string {
  const trimmed = host.trim();
  if (trimmed.includes(':') && isIP(trimmed) !== 6) throw new Error(`${trimmed} is not an IPv6 address`);
  return trimmed;
}

function describeStored(gateway: StoredGateway): string {
  return `${gateway.name ? `“${gateway.name}” ` : ''}${gatewayAddress(gateway)} (CA ${gateway.caFileName || 'without a file name'})`;
}

function summarizeStored(gateway: StoredGateway) {
  try {
    return summarizeCaCertificate(gateway.caCertPem, gateway.caFileName);
  } catch {
    // Checked when saved; a file edited by hand since is shown as such rather than failing the page.
    return { fileName: gateway.caFileName, subject: '(unreadable certificate)', fingerprint: '', validTo: '' };
  }
}
