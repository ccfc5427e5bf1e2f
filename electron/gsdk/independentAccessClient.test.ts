/**
 * A third-party client of gsdk.access.Access written only from the public field numbers (GSDK.md:
 * AccessGroup { ID = 1; name = 2; repeated uint32 levelIDs = 3 }, requests with deviceID = 1 and
 * the records at 2), with message names of its own, must interoperate with our client through
 * the virtual gateway: what one writes, the other reads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDoor, testLevel, testSchedule } from '../sim/testSupport';
import { VirtualGateway } from '../sim/virtualGateway';
import { GatewayClient } from './client';
import { serviceConstructor } from './testSupport';

const ACCESS_PROTO = `
syntax = "proto3";
package gsdk.access;
message Group { uint32 ID = 1; string name = 2; repeated uint32 levelIDs = 3; }
message ListQuery { uint32 deviceID = 1; }
message GroupList { repeated Group groups = 1; }
message Put { uint32 deviceID = 1; repeated Group groups = 2; }
message Nothing {}
service Access {
  rpc GetList(ListQuery) returns (GroupList);
  rpc Add(Put) returns (Nothing);
}
`;

interface Group {
  ID: number;
  name: string;
  levelIDs: number[];
}
type Callback<T> = (error: ServiceError | null, response: T) => void;
interface AccessClient extends Client {
  GetList(request: { deviceID: number }, callback: Callback<{ groups: Group[] }>): void;
  Add(request: { deviceID: number; groups: Group[] }, callback: Callback<object>): void;
}

const DEVICE = 778;
let dir: string;
let gateway: VirtualGateway;
let ours: GatewayClient;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gsdk-third-party-access-'));
  await writeFile(path.join(dir, 'access.proto'), ACCESS_PROTO);
  gateway = await VirtualGateway.start({ tls: null, devices: [{ deviceID: DEVICE, model: 'BioStation 2', users: [] }] });
  ours = new GatewayClient({ host: '127.0.0.1', port: gateway.grpcPort, caCert: null });
});

afterAll(async () => {
  ours.close();
  await gateway.stop();
  await rm(dir, { recursive: true, force: true });
});

it('serves Access.Add and Access.GetList to a client built from the public field numbers', async () => {
  await ours.door.add(DEVICE, [testDoor(1, DEVICE)]);
  await ours.schedule.add(DEVICE, [testSchedule(2)]);
  await ours.access.addLevels(DEVICE, [testLevel(10, [{ doorID: 1, scheduleID: 2 }])]);

  const definition = loadSync(['access.proto'], { includeDirs: [dir], keepCase: true, defaults: true });
  const Access = serviceConstructor(loadPackageDefinition(definition), 'gsdk.access.Access');
  const theirs = new Access(`127.0.0.1:${gateway.grpcPort}`, credentials.createInsecure()) as unknown as AccessClient;
  try {
    const written = { ID: 5, name: 'Night crew', levelIDs: [10] };
    await new Promise<object>((resolve, reject) =>
      theirs.Add({ deviceID: DEVICE, groups: [written] }, (error, response) => (error ? reject(error) : resolve(response))),
    );
    expect(await ours.access.getGroups(DEVICE)).toEqual([written]);

    await ours.access.addGroups(DEVICE, [{ ID: 6, name: 'Everyone', levelIDs: [] }]);
    const list = await new Promise<{ groups: Group[] }>((resolve, reject) =>
      theirs.GetList({ deviceID: DEVICE }, (error, response) => (error ? reject(error) : resolve(response))),
    );
    expect(list.groups).toEqual([written, { ID: 6, name: 'Everyone', levelIDs: [] }]);
  } finally {
    theirs.close();
  }
});
