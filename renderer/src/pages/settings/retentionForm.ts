import { RETENTION_LIMITS, type EventRetention } from '../../../../shared/domain/eventRetention';
import type { FieldErrors } from '../../components/FieldError';

export interface RetentionFields {
  maxEvents: string;
  maxAgeDays: string;
}

export function retentionFields(retention: EventRetention): RetentionFields {
  return { maxEvents: String(retention.maxEvents), maxAgeDays: String(retention.maxAgeDays) };
}

/** The form's text as a retention, or what is wrong with each field. Thousands separators are accepted. */
export function parseRetention(fields: RetentionFields): { retention: EventRetention } | { errors: FieldErrors } {
  const errors: Record<string, string[]> = {};
  const maxEvents = wholeNumber(fields.maxEvents);
  const maxAgeDays = wholeNumber(fields.maxAgeDays);
  if (maxEvents === null || maxEvents < RETENTION_LIMITS.minEvents || maxEvents > RETENTION_LIMITS.maxEvents) {
    errors.maxEvents = [`Enter a whole number from ${RETENTION_LIMITS.minEvents.toLocaleString('en-US')} to ${RETENTION_LIMITS.maxEvents.toLocaleString('en-US')}.`];
  }
  if (maxAgeDays === null || maxAgeDays < RETENTION_LIMITS.minDays || maxAgeDays > RETENTION_LIMITS.maxDays) {
    errors.maxAgeDays = [`Enter a whole number of days from ${RETENTION_LIMITS.minDays} to ${RETENTION_LIMITS.maxDays.toLocaleString('en-US')}.`];
  }
  if (maxEvents === null || maxAgeDays === null || Object.keys(errors).length > 0) return { errors };
  return { retention: { maxEvents, maxAgeDays } };
}

function wholeNumber(text: string): number | null {
  const digits = text.trim().replace(/[,\s_]/g, '');
  return /^\d{1,12}$/.test(digits) ? Number(digits) : null;
}
