import { describe, expect, it } from 'vitest';
import { parseRetention, retentionFields } from './retentionForm';

describe('the retention form', () => {
  it('reads whole numbers, with or without thousands separators', () => {
    expect(retentionFields({ maxEvents: 1_000_000, maxAgeDays: 90 })).toEqual({ maxEvents: '1000000', maxAgeDays: '90' });
    expect(parseRetention({ maxEvents: '2,000,000', maxAgeDays: ' 30 ' })).toEqual({ retention: { maxEvents: 2_000_000, maxAgeDays: 30 } });
  });

  it('says what is wrong with each field', () => {
    expect(parseRetention({ maxEvents: '10', maxAgeDays: '1.5' })).toEqual({
      errors: {
        maxEvents: ['Enter a whole number from 1,000 to 50,000,000.'],
        maxAgeDays: ['Enter a whole number of days from 1 to 3,650.'],
      },
    });
  });
});
