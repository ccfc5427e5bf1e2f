import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRequest, type CallerSession } from '../../shared/ipc/dispatch';
import { untilCore } from './coreTestSupport';
import { signedInAdministrator } from './operators/testSessions';
import type { DeviceActionResult, RequestHandlers } from '../../shared/ipc/contract';
import { VirtualGateway } from '../sim/virtualGateway';
import { ConsoleCore } from './consoleCore';
import { virtualSiteHandlers } from './virtualSiteActions';

// Demo fleet order (demoSite.ts): BioStation 2, BioEntry W2, FaceStation F2, BioStation 2, XPass 2.
let site: VirtualGateway;
const cores: ConsoleCore[] = [];

beforeAll(async () => {
  site = await VirtualGateway.start({ port: 0, tls: null, devices: 5 });
});

afterAll(async () => {
  await site.stop();
});

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
});

const fleet = () => site.devices();
const fingerprintReader = () => fleet()[0]!;
const faceTerminal = () => fleet()[2]!;
const cardGate = () => fleet()[4]!;

function done(result: DeviceActionResult): Extract<DeviceActionResult, { outcome: 'done' }> {
  if (result.outcome !== 'done') throw new Error(`expected done, the device refused: ${result.reason}`);
  return result;
}

function refused(result: DeviceActionResult): string {
  if (result.outcome !== 'refused') throw new Error('expected a refusal, the device took it');
  return result.reason;
}

describe('acting at a virtual device', () => {
  const actions = () => virtualSiteHandlers(site);

  it('describes the device as the site holds it, with the credentials its model stores', async () => {
    const reader = fingerprintReader();
    expect(await actions().describeVirtualDevice({ deviceId: reader.deviceID })).toEqual({
      deviceId: reader.deviceID,
      name: reader.name,
      model: 'BioStation 2',
      online: true,
      userCount: reader.userCount,
      capacity: reader.capacity,
      credentials: ['card', 'fingerprint'],
      userIdPolicy: 'numeric',
    });
    expect((await actions().describeVirtualDevice({ deviceId: faceTerminal().deviceID })).credentials).toEqual(['card', 'face']);
    expect((await actions().describeVirtualDevice({ deviceId: cardGate().deviceID })).credentials).toEqual(['card']);
  });

  it('enrols a user with a generated card and fingerprint; the device logs it as made at the device', async () => {
    const reader = fingerprintReader();
    const before = reader.userCount;
    const result = done(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: '70001', name: 'Night guard', credentials: ['card', 'fingerprint'] }));
    expect(result).toMatchObject({ deviceName: reader.name, userId: '70001', added: ['card', 'fingerprint'], online: true });
    expect(result.logged).toEqual([{ eventId: reader.lastEventID, words: 'User enrollment succeeded (Device)', level: 'info' }]);
    expect(reader.userCount).toBe(before + 1);

    const stored = reader.user('70001')!;
    expect(stored.name).toBe('Night guard');
    expect(stored.cards).toHaveLength(1);
    expect(stored.cards[0]!.data.toString('hex').toUpperCase()).toBe(result.cardNumber);
    expect(stored.fingers).toHaveLength(1);
    expect(stored.fingers[0]!.templates.map((template) => template.length)).toEqual([384, 384]);
    expect(stored.accessGroupIDs).toEqual([]);
    const [event] = reader.events(reader.lastEventID);
    expect(event).toMatchObject({ eventCode: 0x2000, userID: '70001', changedOnDevice: true });
  });

  it('gives each enrolment a card of its own', async () => {
    const reader = fingerprintReader();
    const first = done(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: '70010', name: '', credentials: ['card'] }));
    const second = done(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: '70011', name: '', credentials: ['card'] }));
    expect(first.cardNumber).toMatch(/^[0-9A-F]{8}$/);
    expect(second.cardNumber).not.toBe(first.cardNumber);
  });

  it('passes on the device refusing a bad user ID, a taken ID and a credential its model cannot store, in its own words', async () => {
    const reader = fingerprintReader();
    const before = reader.lastEventID;
    expect(refused(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: 'abc', name: 'X', credentials: [] }))).toBe(
      'user "abc": user ID must be a number from 1 to 4294967294',
    );
    expect(refused(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: '1', name: 'X', credentials: [] }))).toMatch(/user 1 already exists/);
    expect(refused(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: '70020', name: 'x'.repeat(49), credentials: [] }))).toBe(
      'user 70020: name is longer than 48 characters',
    );
    const gate = cardGate();
    expect(refused(await actions().enrollAtVirtualDevice({ deviceId: gate.deviceID, userId: '70021', name: 'Y', credentials: ['card', 'fingerprint'] }))).toBe(
      'a XPass 2 cannot store fingerprints (user 70021)',
    );
    // A refusal changes nothing and logs nothing.
    expect(reader.lastEventID).toBe(before);
    expect(gate.user('70021')).toBeUndefined();
  });

  it('edits a user at the device: a new name and an added card, keeping what the user had', async () => {
    const terminal = faceTerminal();
    done(await actions().enrollAtVirtualDevice({ deviceId: terminal.deviceID, userId: '70030', name: 'Visitor', credentials: ['card', 'face'] }));
    const before = terminal.user('70030')!;
    const result = done(await actions().editAtVirtualDevice({ deviceId: terminal.deviceID, userId: '70030', name: 'Contractor', addCredentials: ['card', 'face'] }));
    expect(result).toMatchObject({ userId: '70030', added: ['card', 'face'] });
    expect(result.logged.map((event) => event.words)).toEqual(['User update succeeded (Device)']);
    const after = terminal.user('70030')!;
    expect(after.name).toBe('Contractor');
    expect(after.cards.slice(0, 1)).toEqual(before.cards);
    expect(after.cards).toHaveLength(2);
    expect(after.cards[1]!.data.toString('hex').toUpperCase()).toBe(result.cardNumber);
    expect(after.faces.map((face) => face.index)).toEqual([0, 1]);

    // Only the name: the credentials stay.
    done(await actions().editAtVirtualDevice({ deviceId: terminal.deviceID, userId: '70030', name: 'Contractor B', addCredentials: [] }));
    expect(terminal.user('70030')).toMatchObject({ name: 'Contractor B', cards: after.cards, faces: after.faces });
  });

  it('refuses to edit or delete a user the device does not hold', async () => {
    const reader = fingerprintReader();
    expect(refused(await actions().editAtVirtualDevice({ deviceId: reader.deviceID, userId: '79999', name: 'Nobody', addCredentials: ['card'] }))).toBe('user 79999 not found');
    expect(refused(await actions().deleteAtVirtualDevice({ deviceId: reader.deviceID, userId: '79999' }))).toBe('user 79999 not found');
  });

  it('deletes a user at the device', async () => {
    const reader = fingerprintReader();
    done(await actions().enrollAtVirtualDevice({ deviceId: reader.deviceID, userId: '70040', name: 'Leaver', credentials: ['card'] }));
    const count = reader.userCount;
    const result = done(await actions().deleteAtVirtualDevice({ deviceId: reader.deviceID, userId: '70040' }));
    expect(result).toMatchObject({ userId: '70040', added: [], cardNumber: null });
    expect(result.logged.map((event) => event.words)).toEqual(['User delete succeeded (Device)']);
    expect(reader.userCount).toBe(count - 1);
  });

  it('pulls and plugs back the network cable; pulling it twice logs nothing the second time', async () => {
    const gate = cardGate();
    const pulled = done(await actions().setVirtualDeviceNetwork({ deviceId: gate.deviceID, online: false }));
    expect(pulled).toMatchObject({ userId: null, online: false, logged: [{ words: 'Link disconnected', level: 'warning' }] });
    expect(gate.online).toBe(false);
    expect(done(await actions().setVirtualDeviceNetwork({ deviceId: gate.deviceID, online: false })).logged).toEqual([]);
    // Acting at a device works without its network: a person at the reader does not need it.
    done(await actions().enrollAtVirtualDevice({ deviceId: gate.deviceID, userId: '70050', name: 'Offline', credentials: ['card'] }));
    const plugged = done(await actions().setVirtualDeviceNetwork({ deviceId: gate.deviceID, online: true }));
    expect(plugged).toMatchObject({ online: true, logged: [{ words: 'Link connected', level: 'info' }] });
    expect((await actions().describeVirtualDevice({ deviceId: gate.deviceID })).online).toBe(true);
  });

  it('says so for a device the virtual site does not have', async () => {
    await expect(actions().describeVirtualDevice({ deviceId: 123 })).rejects.toThrow('device 123 is not a device of the virtual site');
    await expect(actions().deleteAtVirtualDevice({ deviceId: 123, userId: '1' })).rejects.toThrow('device 123 is not a device of the virtual site');
  });
});

function dispatchAsAdministrator(core: ConsoleCore, name: string, args: unknown): Promise<unknown> {
  // These requests' handlers never look at the session's own type.
  return dispatchRequest(core.handlers as RequestHandlers<CallerSession>, name, args, signedInAdministrator);
}

describe('the virtual site requests through the console core', () => {
  function startCore(virtualSite: VirtualGateway | undefined): ConsoleCore {
    const core = new ConsoleCore({
      gateways: [{ id: 'virtual', label: 'Virtual site', kind: 'virtual', host: '127.0.0.1', port: site.grpcPort, caCert: null }],
      appInfo: { version: 'test', shell: 'host', virtualSite: null },
      connection: { readyTimeoutMs: 1_500, listRefreshMs: 500, userCountDebounceMs: 20 },
      ...(virtualSite ? { virtualSite: { gateway: virtualSite, grpcPort: virtualSite.grpcPort, controlPort: 0 } } : {}),
    });
    cores.push(core);
    core.start();
    return core;
  }

  const until = (core: ConsoleCore, check: () => boolean, what: string): Promise<void> => untilCore(core, check, what);

  it('are refused with the reason when the console does not run on its virtual site', async () => {
    const core = startCore(undefined);
    await expect(dispatchAsAdministrator(core, 'describeVirtualDevice', { deviceId: fingerprintReader().deviceID })).rejects.toThrow(
      /virtual site is not running/,
    );
    await expect(
      dispatchAsAdministrator(core, 'enrollAtVirtualDevice', { deviceId: fingerprintReader().deviceID, userId: '70060', name: 'A', credentials: ['card'] }),
    ).rejects.toThrow(/virtual site is not running/);
    expect(fingerprintReader().user('70060')).toBeUndefined();
  });

  it('validate their arguments against the contract', async () => {
    const core = startCore(site);
    const deviceId = fingerprintReader().deviceID;
    await expect(dispatchAsAdministrator(core, 'enrollAtVirtualDevice', { deviceId, userId: '', name: 'A', credentials: [] })).rejects.toThrow(
      /invalid arguments for enrollAtVirtualDevice at userId/,
    );
    await expect(dispatchAsAdministrator(core, 'enrollAtVirtualDevice', { deviceId, userId: '1', name: 'A', credentials: ['card', 'card'] })).rejects.toThrow(
      /names a credential twice/,
    );
    await expect(dispatchAsAdministrator(core, 'editAtVirtualDevice', { deviceId, userId: '1', addCredentials: [] })).rejects.toThrow(/nothing to change/);
    await expect(dispatchAsAdministrator(core, 'setVirtualDeviceNetwork', { deviceId, online: 'no' })).rejects.toThrow(/invalid arguments/);
  });

  it('start and stop the site traffic on the virtual site only, within the rate the contract allows', async () => {
    const onReal = startCore(undefined);
    await expect(dispatchAsAdministrator(onReal, 'startSiteTraffic', { rate: 10 })).rejects.toThrow(/virtual site is not running/);
    const core = startCore(site);
    await expect(dispatchAsAdministrator(core, 'startSiteTraffic', { rate: 50_000 })).rejects.toThrow(/invalid arguments for startSiteTraffic at rate/);
    const logged = () => site.devices().reduce((sum, device) => sum + device.lastEventID, 0);
    const before = logged();
    const started = await dispatchAsAdministrator(core, 'startSiteTraffic', { rate: 200, mix: { doorOpened: 1 } });
    expect(started).toMatchObject({ running: true, rate: 200, mix: { doorOpened: 1, card: 0 } });
    expect(await dispatchAsAdministrator(core, 'describeSiteTraffic', undefined)).toMatchObject({ running: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await core.handlers.stopSiteTraffic(undefined);
    expect(stopped).toMatchObject({ running: false });
    expect(stopped.generated).toBeGreaterThan(0);
    expect(logged() - before).toBe(stopped.generated);
  });

  it('work without a database, and the console hears the change as from any device: the user count follows', async () => {
    const core = startCore(site);
    const reader = fleet()[1]!;
    const key = `virtual/${reader.deviceID}`;
    await until(core, () => core.registry.get(key)?.userCount === reader.userCount, 'the initial user count');
    const before = reader.userCount;
    const result = await dispatchAsAdministrator(core, 'enrollAtVirtualDevice', { deviceId: reader.deviceID, userId: '70070', name: 'Walk-in', credentials: ['card', 'fingerprint'] });
    expect(result).toMatchObject({ outcome: 'done', userId: '70070' });
    await until(core, () => core.registry.get(key)?.userCount === before + 1, 'the count after the enrolment');
    await dispatchAsAdministrator(core, 'deleteAtVirtualDevice', { deviceId: reader.deviceID, userId: '70070' });
    await until(core, () => core.registry.get(key)?.userCount === before, 'the count after the delete');
  });
});
