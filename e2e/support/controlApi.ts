/** A thin client of the virtual gateway's control API (see README), for acting at a device. */
export class ControlApi {
  constructor(private readonly port: number) {}

  async devices(): Promise<{ deviceID: number; name: string; model: string; online: boolean; connected: boolean; link: 'async' | 'sync' | 'none'; userCount: number }[]> {
    return this.call('GET', '/devices');
  }

  async setNetwork(deviceID: number, online: boolean): Promise<void> {
    await this.call('POST', `/devices/${deviceID}/network`, { online });
  }

  async enrollAtDevice(deviceID: number, user: Record<string, unknown>): Promise<void> {
    await this.call('POST', `/devices/${deviceID}/users`, user);
  }

  /** The IDs of the users the device holds now. */
  async userIdsAt(deviceID: number): Promise<string[]> {
    return (await this.call<{ ID: string }[]>('GET', `/devices/${deviceID}/users`)).map((user) => user.ID);
  }

  async deleteAtDevice(deviceID: number, userId: string): Promise<void> {
    await this.call('DELETE', `/devices/${deviceID}/users/${encodeURIComponent(userId)}`);
  }

  async traffic(): Promise<{ running: boolean; rate: number; generated: number }> {
    return this.call('GET', '/traffic');
  }

  /** Starts the site traffic (or changes its rate): `rate` events a second across the site. */
  async startTraffic(rate: number, mix?: Record<string, number>): Promise<void> {
    await this.call('POST', '/traffic', mix === undefined ? { rate } : { rate, mix });
  }

  async stopTraffic(): Promise<void> {
    await this.call('DELETE', '/traffic');
  }

  /**
   * Adds a device to the site; its ID. The gateway holds it (the console connects to it) unless
   * `link` is 'none': then it only answers at its IP, for the console to add it there.
   */
  async addDevice(spec: { deviceID?: number; name?: string; model?: string; ip?: string; link?: 'async' | 'none' }): Promise<number> {
    return (await this.call<{ deviceID: number }>('POST', '/devices', spec)).deviceID;
  }

  /** A card (base64 data) presented at the device: it logs what it decided (granted, denied, not registered). */
  async presentCard(deviceID: number, cardData: string): Promise<void> {
    await this.call('POST', `/devices/${deviceID}/present`, { credential: 'card', cardData });
  }

  /** The device logs this event as it would any other (a code the console does not know, too); its event ID. */
  async logEvent(deviceID: number, event: { eventCode: number; subCode?: number; userID?: string; entityID?: number }): Promise<number> {
    return (await this.call<{ ID: number }>('POST', `/devices/${deviceID}/events`, event)).ID;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
