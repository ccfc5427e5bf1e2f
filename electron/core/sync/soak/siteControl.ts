import { emptyUserInfo, type UserInfo } from '../../../gsdk/messages';
import type { ModelName } from '../../../sim/models';
import { userFromJson, userJsonSchema, userToJson } from '../../../sim/userJson';

/**
 * The soak's hands at the virtual site: its HTTP control API (electron/sim/README.md), the same
 * routes the operator's Virtual site panel and the benchmarks use, so the gateway may run in this
 * process (the vitest soak) or in a child process (`npm run soak`) behind one client.
 */
export class SiteControl {
  constructor(private readonly baseUrl: string) {}

  static at(controlPort: number, host = '127.0.0.1'): SiteControl {
    return new SiteControl(`http://${host}:${controlPort}`);
  }

  async addDevice(deviceID: number, model: ModelName, capacity: number): Promise<void> {
    await this.call('POST', '/devices', { deviceID, model, capacity, name: `Soak reader ${deviceID}` });
  }

  /** Someone enrolls a new user at the reader (logged with changedOnDevice). */
  async enrollAtDevice(deviceID: number, user: UserInfo): Promise<void> {
    await this.call('POST', `/devices/${deviceID}/users`, userToJson(user));
  }

  /** Someone edits a user at the reader: each field given replaces the stored one. */
  async editAtDevice(deviceID: number, userID: string, patch: Pick<UserInfo, 'name' | 'cards' | 'fingers'>): Promise<void> {
    const { name, cards, fingers } = userToJson({ ...emptyUserInfo(userID), ...patch });
    await this.call('PUT', `/devices/${deviceID}/users/${encodeURIComponent(userID)}`, { name, cards, fingers });
  }

  /** Someone deletes a user at the reader; false when the reader holds no user by that ID. */
  async deleteAtDevice(deviceID: number, userID: string): Promise<boolean> {
    const path = `/devices/${deviceID}/users/${encodeURIComponent(userID)}`;
    const response = await this.send('DELETE', path);
    if (response.status === 404) {
      await response.text();
      return false;
    }
    await this.answer(response, 'DELETE', path);
    return true;
  }

  async setNetwork(deviceID: number, online: boolean): Promise<void> {
    await this.call('POST', `/devices/${deviceID}/network`, { online });
  }

  async restartGateway(): Promise<void> {
    await this.call('POST', '/gateway/restart');
  }

  /** The user as the device holds it, or undefined when it holds none by that ID. */
  async deviceUser(deviceID: number, userID: string): Promise<UserInfo | undefined> {
    const path = `/devices/${deviceID}/users/${encodeURIComponent(userID)}`;
    const response = await this.send('GET', path);
    if (response.status === 404) {
      await response.text();
      return undefined;
    }
    return userFromJson(userJsonSchema.parse(await this.answer(response, 'GET', path)));
  }

  /** The device's whole user table. */
  async deviceUsers(deviceID: number): Promise<UserInfo[]> {
    const table = await this.call('GET', `/devices/${deviceID}/users`);
    if (!Array.isArray(table)) throw new Error(`GET /devices/${deviceID}/users did not answer with a list`);
    return table.map((json) => userFromJson(userJsonSchema.parse(json)));
  }

  private async call(method: Method, path: string, body?: unknown): Promise<unknown> {
    return this.answer(await this.send(method, path, body), method, path);
  }

  /**
   * One request. A read whose connection failed is sent once more: fetch reuses idle keep-alive
   * connections, and under load the server may close one just as a request goes out on it.
   * Changes are not resent (the first may have been done).
   */
  private async send(method: Method, path: string, body?: unknown): Promise<Response> {
    const attempt = (): Promise<Response> =>
      fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      return await attempt().catch((error: unknown) => {
        if (method !== 'GET' || !(error instanceof TypeError)) throw error;
        return attempt();
      });
    } catch (error) {
      throw new Error(`${method} ${path}: ${describeFailure(error)}`, { cause: error });
    }
  }

  private async answer(response: Response, method: string, path: string): Promise<unknown> {
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** fetch says only "fetch failed"; the reason is in its cause. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

