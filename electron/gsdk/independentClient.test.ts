/**
 * A third-party client written only from the public interface description (GSDK.md: package
 * paths, field numbers), without our .proto files, must work against the virtual gateway.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { Client, ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VirtualGateway } from '../sim/virtualGateway';
import { serviceConstructor } from './testSupport';

const CONNECT_PROTO = `
syntax = "proto3";
package gsdk.connect;
message ListRequest {}
message Info {
  uint32 deviceID = 1; int32 connectionMode = 2; string IPAddr = 3; int32 port = 4;
  int32 status = 5; bool autoReconnect = 6; bool useSSL = 7; int32 type = 8;
}
message ListResponse { repeated Info deviceInfos = 1; }
message StatusRequest { int32 queueSize = 1; }
message Change { uint32 deviceID = 1; int32 status = 2; uint32 timestamp = 3; }
service Connect {
  rpc GetDeviceList(ListRequest) returns (ListResponse);
  rpc SubscribeStatus(StatusRequest) returns (stream Change);
}
`;

const USER_PROTO = `
syntax = "proto3";
package gsdk.user;
message ListRequest { uint32 deviceID = 1; }
message Header { string ID = 1; uint32 numOfCard = 2; uint32 numOfFinger = 3; uint32 numOfFace = 4; }
message ListResponse { repeated Header hdrs = 1; }
service User { rpc GetList(ListRequest) returns (ListResponse); }
`;

interface Info {
  deviceID: number;
  IPAddr: string;
  port: number;
  status: number;
  type: number;
}
interface Header {
  ID: string;
  numOfCard: number;
  numOfFinger: number;
}
interface Change {
  deviceID: number;
  status: number;
}
type Callback<T> = (error: ServiceError | null, response: T) => void;
interface ConnectClient extends Client {
  GetDeviceList(request: object, callback: Callback<{ deviceInfos: Info[] }>): void;
  SubscribeStatus(request: { queueSize: number }): ClientReadableStream<Change>;
}
interface UserClient extends Client {
  GetList(request: { deviceID: number }, callback: Callback<{ hdrs: Header[] }>): void;
}

let dir: string;
let gateway: VirtualGateway;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gsdk-third-party-'));
  await writeFile(path.join(dir, 'connect.proto'), CONNECT_PROTO);
  await writeFile(path.join(dir, 'user.proto'), USER_PROTO);
  gateway = await VirtualGateway.start({
    tls: null,
    devices: [{ deviceID: 777, model: 'BioEntry W2', ip: '10.0.0.7', users: [] }],
  });
  gateway.enrollAtDevice(777, {
    hdr: { ID: '31', numOfCard: 0, numOfFinger: 0, numOfFace: 0, authGroupID: 0, updateMask: 0 },
    setting: null,
    name: 'Third party',
    cards: [{ type: 1, size: 4, data: Buffer.from([1, 2, 3, 4]) }],
    fingers: [{ index: 0, flag: 0, templates: [Buffer.alloc(384, 7), Buffer.alloc(384, 8)] }],
    faces: [],
    accessGroupIDs: [],
    jobCodes: [],
    PIN: Buffer.alloc(0),
    photo: Buffer.alloc(0),
  });
});

afterAll(async () => {
  await gateway.stop();
  await rm(dir, { recursive: true, force: true });
});

it('serves GetDeviceList, User.GetList and SubscribeStatus to a client built from the public field numbers', async () => {
  const definition = loadSync(['connect.proto', 'user.proto'], { includeDirs: [dir], keepCase: true, defaults: true });
  const grpcObject = loadPackageDefinition(definition);
  const address = `127.0.0.1:${gateway.grpcPort}`;
  const connect = new (serviceConstructor(grpcObject, 'gsdk.connect.Connect'))(address, credentials.createInsecure()) as unknown as ConnectClient;
  const user = new (serviceConstructor(grpcObject, 'gsdk.user.User'))(address, credentials.createInsecure()) as unknown as UserClient;
  try {
    const list = await new Promise<{ deviceInfos: Info[] }>((resolve, reject) =>
      connect.GetDeviceList({}, (error, response) => (error ? reject(error) : resolve(response))),
    );
    expect(list.deviceInfos).toEqual([expect.objectContaining({ deviceID: 777, IPAddr: '10.0.0.7', port: 51211, status: 1, type: 0x0d })]);

    const users = await new Promise<{ hdrs: Header[] }>((resolve, reject) =>
      user.GetList({ deviceID: 777 }, (error, response) => (error ? reject(error) : resolve(response))),
    );
    expect(users.hdrs).toEqual([expect.objectContaining({ ID: '31', numOfCard: 1, numOfFinger: 1 })]);

    const stream = connect.SubscribeStatus({ queueSize: 16 });
    const first = await new Promise<Change>((resolve, reject) => {
      stream.once('data', resolve);
      stream.once('error', reject);
    });
    expect(first).toEqual(expect.objectContaining({ deviceID: 777, status: 1 }));
    stream.on('error', () => undefined);
    stream.cancel();
  } finally {
    connect.close();
    user.close();
  }
});
