import type { MethodDefinition, ServiceDefinition } from '@grpc/proto-loader';
import type { UserInfo } from '../gsdk/messages';
import { ProtoReader, ProtoWriter } from '../gsdk/wire';

/*
 * Users as a device's firmware may hold them without the checks the gateway's gRPC API makes
 * (control API `"raw": true`): how tests present bad device records to the console. One thing a
 * UserInfo object cannot carry is a name that is not UTF-8 text: the .proto declares `string name`,
 * and protobufjs writes a JS string as valid UTF-8. Such a name is kept here, beside the stored
 * user object, and written as raw bytes by the User service's serializer below.
 */

/** Name bytes by the stored user object: any later write stores a new object, which has none. */
const rawNames = new WeakMap<UserInfo, Buffer>();

/** `user` with `nameBytes` as its name on the wire (bytes that need not be UTF-8). */
export function withRawName(user: UserInfo, nameBytes: Buffer): UserInfo {
  const stored: UserInfo = { ...user, name: '' };
  rawNames.set(stored, Buffer.from(nameBytes));
  return stored;
}

export function rawNameOf(user: UserInfo): Buffer | undefined {
  return rawNames.get(user);
}

/** `to` (a masked copy of `from`, e.g. User.GetPartial's) keeps `from`'s raw name. */
export function keepRawName(from: UserInfo, to: UserInfo): UserInfo {
  const bytes = rawNames.get(from);
  if (bytes) rawNames.set(to, bytes);
  return to;
}

const USERS_FIELD = 1;
const NAME_FIELD = 3;

/**
 * A `{ users: UserInfo[] }` response's serializer that writes each user's raw name (when it has
 * one) as field 3's bytes. A repeated field's entries may be written one after another, so the
 * answer is every user encoded alone and concatenated; answers without raw names take the
 * original path unchanged.
 */
function serializerWithRawNames(original: (value: object) => Buffer): (value: object) => Buffer {
  return (value) => {
    const users = (value as { users?: UserInfo[] }).users ?? [];
    if (!users.some((user) => rawNames.has(user))) return original(value);
    const parts = users.map((user) => {
      const bytes = rawNames.get(user);
      const alone = original({ users: [bytes ? { ...user, name: '' } : user] });
      if (!bytes) return alone;
      const reader = new ProtoReader(alone);
      reader.tag();
      const encodedUser = reader.bytes();
      const name = new ProtoWriter().bytes(NAME_FIELD, bytes).finish();
      return new ProtoWriter().bytes(USERS_FIELD, Buffer.concat([encodedUser, name])).finish();
    });
    return Buffer.concat(parts);
  };
}

/** gsdk.user.User with User.Get and User.GetPartial answering raw names as bytes. */
export function userServiceWithRawNames(definition: ServiceDefinition): ServiceDefinition {
  const withRaw = (method: MethodDefinition<object, object> | undefined): MethodDefinition<object, object> | undefined =>
    method && { ...method, responseSerialize: serializerWithRawNames(method.responseSerialize) };
  const get = withRaw(definition.Get);
  const getPartial = withRaw(definition.GetPartial);
  return { ...definition, ...(get ? { Get: get } : {}), ...(getPartial ? { GetPartial: getPartial } : {}) };
}
