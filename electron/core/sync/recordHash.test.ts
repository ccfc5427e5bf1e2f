import { describe, expect, it } from 'vitest';
import { projectUser } from '../../../shared/domain/deviceRecord';
import { nightGuard as user } from '../../../shared/domain/userFixtures';
import { recordHash } from './recordHash';

const all = { cards: true, fingerprints: true, faces: true };

describe('recordHash', () => {
  it('hashes equal content equally, whatever the order, and tells changes apart', () => {
    const a = projectUser(user(), all)!;
    const reordered = projectUser(user({ accessGroupIds: [1, 3], fingers: [...user().fingers].reverse() }), all)!;
    expect(recordHash(a)).toBe(recordHash(reordered));
    expect(recordHash(a)).not.toBe(recordHash(projectUser(user({ name: 'Day guard' }), all)!));
    expect(recordHash(a)).not.toBe(recordHash(projectUser(user({ fingers: [{ index: 0, flag: 0, templates: ['AAAB'] }] }), all)!));
    expect(recordHash(a)).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('ignores what the console does not write to a device (contact details, update time)', () => {
    const a = recordHash(projectUser(user(), all)!);
    expect(recordHash(projectUser(user({ email: 'x@y.z', department: 'Ops', updatedAt: 99 }), all)!)).toBe(a);
  });
});
