import { Server, ServerCredentials, status as GrpcStatus, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayClient, GatewayError, loadGsdkProtos, type GetRequest, type UserInfo } from '../../gsdk';
import { MAX_MESSAGE_BYTES } from '../../gsdk/client';
import { gatewayFailureOf } from '../../gsdk/testSupport';
import { testUser } from '../../sim/testSupport';
import { failuresOf } from './deviceFailure';
import { getUsers } from './userReads';

/*
 * Issue 8, bad input: gateway answers the client cannot take, over real gRPC on loopback. A
 * stand-in gateway serves User.Get: real records, except that an answer holding a "garbled" user
 * is bytes no protobuf decoder reads, and one holding a "huge" user is a message one byte over
 * the client's receive limit (MAX_MESSAGE_BYTES). Each failure is named for what it is (never a
 * full device), and a read of many users loses only the users whose answers cannot be taken.
 */

const DEVICE = 5;
const GARBLED = '13';
const HUGE = '666';
/** A length-delimited field claiming 127 bytes where 1 follows. */
const JUNK = Buffer.from([0x0a, 0x7f, 0x01]);

const getMethod = loadGsdkProtos().services.user.Get;
if (!getMethod) throw new Error('User.Get is not in the .proto files');
const { requestDeserialize, responseSerialize, path } = getMethod;

interface StandIn {
  client: GatewayClient;
  /** The user IDs of every User.Get it answered, in order. */
  asked: string[][];
}

const servers: Server[] = [];
const clients: GatewayClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.tryShutdown(() => resolve()))));
});

/** `answer` decides the bytes of each User.Get answer (null: the real encoding of the users asked for). */
async function standIn(answer: (ids: string[]) => Buffer | null = () => null): Promise<StandIn> {
  const asked: string[][] = [];
  // A gateway may send what it likes; the limit under test is the client's.
  const server = new Server({ 'grpc.max_send_message_length': -1 });
  const get = (call: ServerUnaryCall<GetRequest, Buffer>, callback: sendUnaryData<Buffer>): void => {
    const ids = call.request.userIDs;
    asked.push(ids);
    callback(null, answer(ids) ?? responseSerialize({ users: ids.map((id): UserInfo => testUser(id)) }));
  };
  server.addService(
    { Get: { path, requestStream: false, responseStream: false, requestDeserialize, requestSerialize: () => Buffer.alloc(0), responseSerialize: (bytes: Buffer) => bytes, responseDeserialize: (bytes: Buffer) => bytes } },
    { Get: get },
  );
  servers.push(server);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  const client = new GatewayClient({ host: '127.0.0.1', port, caCert: null });
  clients.push(client);
  return { client, asked };
}

/** Garbled or huge whenever the answer holds those users; real otherwise. */
const faulty = (ids: string[]): Buffer | null => (ids.includes(HUGE) ? Buffer.alloc(MAX_MESSAGE_BYTES + 1) : ids.includes(GARBLED) ? JUNK : null);

describe('gateway answers the client cannot take', () => {
  it('an answer that does not decode: a protocol failure that says so, retried rather than taken for a refusal', async () => {
    const { client } = await standIn(() => JUNK);
    const error = await gatewayFailureOf(client.user.get(DEVICE, ['1']));
    expect(error).toMatchObject({ kind: 'protocol', code: GrpcStatus.INTERNAL });
    expect(error.message).toMatch(/^gateway 127\.0\.0\.1:\d+ answered User\.Get with a message that does not decode \(Response message parsing error: /);
    expect(failuresOf(error, [DEVICE]).get(DEVICE)).toEqual({ kind: 'transient', message: error.message });
  });

  it(`an answer over the client's receive limit (${MAX_MESSAGE_BYTES} bytes): a protocol failure, never "the device is full"`, async () => {
    const { client } = await standIn(() => Buffer.alloc(MAX_MESSAGE_BYTES + 1));
    const error = await gatewayFailureOf(client.user.get(DEVICE, ['1']));
    expect(error).toMatchObject({ kind: 'protocol', code: GrpcStatus.RESOURCE_EXHAUSTED });
    expect(error.message).toMatch(
      new RegExp(`^gateway 127\\.0\\.0\\.1:\\d+: the User\\.Get message is larger than gRPC allows \\(Received message larger than max \\(${MAX_MESSAGE_BYTES + 1} vs\\.? ${MAX_MESSAGE_BYTES}\\)\\)$`),
    );
    expect(failuresOf(error, [DEVICE]).get(DEVICE)?.kind).toBe('transient');
  });

  it('a read of many users loses only the users whose answers cannot be taken, each with the reason', async () => {
    const { client, asked } = await standIn(faulty);
    const ids = Array.from({ length: 40 }, (_, i) => String(i + 1));
    ids.splice(12, 1, GARBLED);
    ids.push(HUGE);

    const reads = await getUsers(client, DEVICE, ids);

    expect(reads.infos.map((info) => info.hdr.ID).sort()).toEqual(ids.filter((id) => id !== GARBLED && id !== HUGE).sort());
    expect(reads.unreadable).toEqual([
      { id: GARBLED, reason: expect.stringMatching(/answered User\.Get with a message that does not decode/) as unknown },
      { id: HUGE, reason: expect.stringMatching(/the User\.Get message is larger than gRPC allows/) as unknown },
    ]);
    // Halving: about two calls per level per bad user (here 21), fewer than one call per user.
    expect(asked.length).toBeLessThan(ids.length);
  });

  it('a gateway whose every answer is garbled fails the read after a bounded number of calls', async () => {
    const { client, asked } = await standIn(() => JUNK);
    const ids = Array.from({ length: 200 }, (_, i) => String(i + 1));
    const failure = await getUsers(client, DEVICE, ids).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GatewayError);
    expect((failure as GatewayError).kind).toBe('protocol');
    expect(asked.length).toBeLessThan(60);
  });
});
