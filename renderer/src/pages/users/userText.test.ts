import { describe, expect, it } from 'vitest';
import { blankUser } from '../../../../shared/domain/user';
import { credentialsText, groupsText, periodText, userStatus } from './userText';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;

describe('user text', () => {
  it('counts credentials', () => {
    expect(credentialsText(blankUser('1'))).toBe('None');
    expect(credentialsText({ cards: [{ type: 1, data: 'AQ==' }, { type: 1, data: 'Ag==' }], fingers: [{ index: 0, flag: 0, templates: ['AA=='] }], faces: [] })).toBe(
      '2 cards · 1 fingerprint',
    );
  });

  it('words the period', () => {
    expect(periodText({ periodStart: null, periodEnd: null })).toBe('Always');
    expect(periodText({ periodStart: day(2025, 1, 1), periodEnd: null })).toBe('From 2025-01-01');
    expect(periodText({ periodStart: null, periodEnd: day(2025, 12, 31) })).toBe('Until 2025-12-31');
    expect(periodText({ periodStart: day(2025, 1, 1), periodEnd: day(2025, 12, 31) })).toBe('2025-01-01 – 2025-12-31');
  });

  it('derives the status', () => {
    const now = day(2025, 6, 1);
    expect(userStatus({ disabled: true, periodStart: null, periodEnd: null }, now)).toBe('disabled');
    expect(userStatus({ disabled: false, periodStart: null, periodEnd: day(2025, 5, 1) }, now)).toBe('expired');
    expect(userStatus({ disabled: false, periodStart: day(2025, 7, 1), periodEnd: null }, now)).toBe('not-yet-valid');
    expect(userStatus({ disabled: false, periodStart: day(2025, 1, 1), periodEnd: day(2025, 12, 1) }, now)).toBe('active');
  });

  it('names groups, and shows deleted ones by ID', () => {
    expect(groupsText([], new Map())).toBe('—');
    expect(groupsText([1, 9], new Map([[1, 'Staff']]))).toBe('Staff, #9');
  });
});
