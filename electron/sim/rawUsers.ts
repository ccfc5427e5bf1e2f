import type { MethodDefinition, ServiceDefinition } from '@grpc/proto-loader';
import type { UserInfo } from '../gsdk/messages';
import { ProtoReader, ProtoWriter } from '../gsdk/wire';

/*
 * Users as a device's firmware may hold them without the checks the gateway's gRPC API makes
 * (control API `"raw": true`): how tests present bad device records to the console. Two things a
 * UserInfo object cannot carry are kept here, beside the stored user object, and put on the wire
 * by the User service's serializer below: a name that is not UTF-8 text (the .proto declares
 * `string name`, and protobufjs writes a JS string as valid UTF-8), and a record whose bytes do
 * not decode at all (a gateway or firmware that garbles it).
 */

export interface WireFaults {
  /** The name as these bytes, which need not be UTF-8. */
  nameBytes?: Buffer;
  /** The record's bytes end inside a field, so no protobuf decoder reads the answer holding it. */
  undecodable?: boolean;
}

/** By the stored user object: any later write stores a new object, which has none. */
const faults = new WeakMap<UserInfo, WireFaults>();

/** `user` as the User service sends it with these faults. */
export function withWireFaults(user: UserInfo, wire: WireFaults): UserInfo {
  const stored: UserInfo = wire.nameBytes ? { ...user, name: '' } : { ...user };
  faults.set(stored, { ...wire, ...(wire.nameBytes ? { nameBytes: Buffer.from(wire.nameBytes) } : {}) });
  return stored;
}

/** `to` (a masked copy of `from`, e.g. User.GetPartial's) keeps `from`'s faults. */
export function keepWireFaults(from: UserInfo, to: UserInfo): UserInfo {
  const wire = faults.get(from);
  if (wire) faults.set(to, wire);
  return to;
}

const USERS_FIELD = 1;
const HEADER_FIELD = 1;
const NAME_FIELD = 3;
/** A header field that claims 127 bytes where none follow. */
const CUT_SHORT = Buffer.from([(HEADER_FIELD << 3) | 2, 0x7f]);

/**
 * A `{ users: UserInfo[] }` response's serializer that puts each user's wire faults on the wire.
 * A repeated field's entries may be written one after another, so the answer is every user
 * encoded alone and concatenated; answers without faults take the original path unchanged.
 */
function serializerWithFaults(original: (value: object) => Buffer): (value: object) => Buffer {
  return (value) => {
    const users = (value as { users?: UserInfo[] }).users ?? [];
    if (!users.some((user) => faults.has(user))) return original(value);
    const parts = users.map((user) => {
      const wire = faults.get(user);
      const alone = original({ users: [user] });
      if (!wire) return alone;
      const reader = new ProtoReader(alone);
      reader.tag();
      const extra: Buffer[] = [];
      if (wire.nameBytes) extra.push(new ProtoWriter().bytes(NAME_FIELD, wire.nameBytes).finish());
      if (wire.undecodable) extra.push(CUT_SHORT);
      return new ProtoWriter().bytes(USERS_FIELD, Buffer.concat([reader.bytes(), ...extra])).finish();
    });
    return Buffer.concat(parts);
  };
}

/** gsdk.user.User with User.Get and User.GetPartial answering users' wire faults. */
export function userServiceWithWireFaults(definition: ServiceDefinition): ServiceDefinition {
  const withFaults = (method: MethodDefinition<object, object> | undefined): MethodDefinition<object, object> | undefined =>
    method && { ...method, responseSerialize: serializerWithFaults(method.responseSerialize) };
  const get = withFaults(definition.Get);
  const getPartial = withFaults(definition.GetPartial);
  return { ...definition, ...(get ? { Get: get } : {}), ...(getPartial ? { GetPartial: getPartial } : {}) };
}
