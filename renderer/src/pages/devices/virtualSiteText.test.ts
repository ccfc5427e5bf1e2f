import { describe, expect, it } from 'vitest';
import type { DeviceActionResult } from '../../../../shared/ipc/contract';
import { actionDoneText, credentialsText, hasProblems, refusalTitle, userFieldProblems, virtualDeviceSummary } from './virtualSiteText';

type Done = Extract<DeviceActionResult, { outcome: 'done' }>;

function done(overrides: Partial<Done>): Done {
  return {
    outcome: 'done',
    deviceName: 'Lobby reader',
    userId: '1001',
    added: [],
    cardNumber: null,
    online: true,
    logged: [{ eventId: 7, words: 'User enrollment succeeded (Device)', level: 'info' }],
    ...overrides,
  };
}

describe('virtual site words', () => {
  it('says what was enrolled, with the card number, and what the device logged', () => {
    expect(actionDoneText('enroll', done({ added: ['card', 'fingerprint'], cardNumber: '3F2A19C0' }))).toBe(
      'Enrolled user 1001 at Lobby reader with a card (3F2A19C0) and a fingerprint; the device logged User enrollment succeeded (Device).',
    );
    expect(actionDoneText('enroll', done({}))).toBe('Enrolled user 1001 at Lobby reader; the device logged User enrollment succeeded (Device).');
  });

  it('names the changes of an edit', () => {
    const logged = [{ eventId: 8, words: 'User update succeeded (Device)', level: 'info' as const }];
    expect(actionDoneText('edit', done({ added: ['card'], cardNumber: 'AB01CD02', logged }), true)).toBe(
      'Edited user 1001 at Lobby reader: a new name; a card (AB01CD02) added; the device logged User update succeeded (Device).',
    );
    expect(actionDoneText('edit', done({ logged }), true)).toBe('Edited user 1001 at Lobby reader: a new name; the device logged User update succeeded (Device).');
  });

  it('words a delete and the network cable, including a cable already in that state', () => {
    expect(actionDoneText('delete', done({ logged: [{ eventId: 9, words: 'User delete succeeded (Device)', level: 'info' }] }))).toBe(
      'Deleted user 1001 at Lobby reader; the device logged User delete succeeded (Device).',
    );
    expect(actionDoneText('network', done({ userId: null, online: false, logged: [{ eventId: 10, words: 'Link disconnected', level: 'warning' }] }))).toBe(
      'Pulled the network cable of Lobby reader; the device logged Link disconnected.',
    );
    expect(actionDoneText('network', done({ userId: null, online: true, logged: [{ eventId: 11, words: 'Link connected', level: 'info' }] }))).toBe(
      'Plugged the network cable of Lobby reader back in; the device logged Link connected.',
    );
    expect(actionDoneText('network', done({ userId: null, online: false, logged: [] }))).toBe('The network cable of Lobby reader was already pulled.');
  });

  it('shows device strings without bidirectional overrides', () => {
    expect(actionDoneText('delete', done({ deviceName: 'Lobby\u202Ereader', logged: [] }))).toBe('Deleted user 1001 at Lobbyreader; the device logged nothing.');
    expect(refusalTitle({ outcome: 'refused', deviceName: 'Gate\u202E', reason: 'x' })).toBe('Gate refused');
  });

  it('lists credentials in words', () => {
    expect(credentialsText([], null)).toBe('');
    expect(credentialsText(['face'], null)).toBe('a face');
    expect(credentialsText(['card', 'fingerprint', 'face'], '01')).toBe('a card (01), a fingerprint and a face');
  });

  it('sums up the virtual device', () => {
    expect(
      virtualDeviceSummary({ deviceId: 1, name: 'Gate', model: 'BioStation 2', online: false, userCount: 6, capacity: 100_000, credentials: ['card', 'fingerprint'], userIdPolicy: 'numeric' }),
    ).toBe('Cable pulled · 6 of 100,000 users · stores cards and fingerprints');
  });

  it('checks only what every device refuses, leaving the ID rules to the device', () => {
    expect(userFieldProblems({ userId: '  ' })).toEqual({ userId: ['Enter the user ID.'] });
    expect(userFieldProblems({ userId: '1'.repeat(33) })).toEqual({ userId: ['A user ID is at most 32 bytes.'] });
    expect(userFieldProblems({ userId: '1001', name: 'n'.repeat(49) })).toEqual({ name: ['A name is at most 48 characters.'] });
    expect(hasProblems(userFieldProblems({ userId: 'abc', name: 'Ada' }))).toBe(false);
  });
});
