import { describe, expect, it } from 'vitest';
import { recordHash } from './recordHash';
import type { UserInfo } from '../../gsdk';
import { testUser } from '../../sim/testSupport';
import { siteUser } from './syncTestSupport';
import { desiredRecord, fromUserInfo, toUserInfo, userFromRecord, wireSize } from './userInfoCodec';

const all = { cards: true, fingerprints: true, faces: true };

function read(info: UserInfo) {
  const reading = fromUserInfo(info);
  if (!reading.ok) throw new Error(reading.reason);
  return reading.record;
}

describe('userInfoCodec', () => {
  it('reads back exactly what it writes, so a faithful device hashes equal', () => {
    const record = desiredRecord({ ...siteUser('42'), periodStart: 100, periodEnd: 200, photo: Buffer.alloc(100, 3).toString('base64') }, all)!;
    expect(recordHash(read(toUserInfo(record)))).toBe(recordHash(record));
    expect(wireSize(record)).toBeGreaterThan(384 * 2 + 552);
  });

  it('writes base64 in canonical form, as a device gives it back', () => {
    const user = { ...siteUser('42'), cards: [{ type: 1, data: 'AQI' }] };
    const record = desiredRecord(user, all)!;
    expect(record.cards[0]?.data).toBe('AQI=');
    expect(recordHash(read(toUserInfo(record)))).toBe(recordHash(record));
  });

  it('canonicalizes padding and stray bits at the end', () => {
    const canonical = (data: string) => desiredRecord({ ...siteUser('42'), cards: [{ type: 1, data }] }, all)!.cards[0]?.data;
    expect(canonical('AQIDBA==')).toBe('AQIDBA==');
    expect(canonical('AQIDBB==')).toBe('AQIDBA==');
    expect(canonical('AQID')).toBe('AQID');
    expect(canonical('AQIDBAU')).toBe('AQIDBAU=');
    expect(canonical('AQIDBAV=')).toBe('AQIDBAU=');
  });

  it('reads the meaningful bytes of a padded card', () => {
    const info = testUser('7');
    info.cards = [{ type: 1, size: 4, data: Buffer.from([1, 2, 3, 4, 0, 0, 0, 0]) }];
    expect(read(info).cards).toEqual([{ type: 1, data: Buffer.from([1, 2, 3, 4]).toString('base64') }]);
  });

  it.each([
    ['an empty ID', (info: UserInfo) => (info.hdr.ID = ''), /empty/],
    ['an ID over 32 bytes', (info: UserInfo) => (info.hdr.ID = '9'.repeat(40)), /32 bytes/],
    ['a name over 48 characters', (info: UserInfo) => (info.name = 'x'.repeat(49)), /name/],
    ['11 fingerprints', (info: UserInfo) => (info.fingers = Array.from({ length: 11 }, (_, index) => ({ index, flag: 0, templates: [Buffer.alloc(8)] }))), /fingerprints/],
    ['a huge template', (info: UserInfo) => (info.fingers = [{ index: 0, flag: 0, templates: [Buffer.alloc(100_000)] }]), /template over/],
    ['an empty template', (info: UserInfo) => (info.fingers = [{ index: 0, flag: 0, templates: [Buffer.alloc(0)] }]), /empty template/],
    ['a photo over 16 KB', (info: UserInfo) => (info.photo = Buffer.alloc(17_000)), /photo/],
    ['a PIN of the wrong size', (info: UserInfo) => (info.PIN = Buffer.alloc(5)), /PIN/],
    ['a finger index twice', (info: UserInfo) => (info.fingers = [0, 0].map((index) => ({ index, flag: 0, templates: [Buffer.alloc(8, 1)] }))), /twice/],
    ['an access group of 0', (info: UserInfo) => (info.accessGroupIDs = [0]), /access group/],
  ])('refuses %s with a reason instead of throwing', (_what, spoil, reason) => {
    const info = testUser('7', { fingers: 1 });
    spoil(info);
    const reading = fromUserInfo(info);
    expect(reading.ok).toBe(false);
    if (!reading.ok) {
      expect(reading.reason).toMatch(reason);
      expect(reading.id.length).toBeLessThanOrEqual(33);
    }
  });

  it('makes a master-copy user of a device record, cleaning the name', () => {
    const info = testUser('7', { cards: 1 });
    info.name = 'Night\u0000 guard\u001b';
    const user = userFromRecord(read(info), 5);
    expect(user).toMatchObject({ id: '7', name: 'Night guard', periodStart: null, updatedAt: 5 });
    expect(user.pinHash).toHaveLength(44);
  });
});
