import { parseCsv } from '../csv';
import { blankUser, userProblems, type Card, type User } from './user';

/**
 * Users from a CSV an operator exported from HR or another system. Header row required; column
 * names are matched case-insensitively; only `id` is required:
 *
 *   id, name, email, phone, department, title, start, end, disabled, cards, groups
 *
 * `start`/`end` are dates (YYYY-MM-DD, midnight UTC), `disabled` yes/no, `cards` card numbers in
 * hex separated by ";", `groups` access group IDs separated by ";". Every row is checked on its
 * own; a bad row is reported with its line and never stops the good ones.
 */
export const USER_CSV_COLUMNS = ['id', 'name', 'email', 'phone', 'department', 'title', 'start', 'end', 'disabled', 'cards', 'groups'] as const;
type Column = (typeof USER_CSV_COLUMNS)[number];

/** CSN cards (G-SDK CardType CSN = 1). */
const CSN_CARD = 1;
const MAX_ROWS = 200_000;

export interface CsvRowError {
  line: number;
  message: string;
}

export interface UserCsvResult {
  users: User[];
  /** The line each accepted user came from, for reporting what the database refuses later. */
  lines: number[];
  errors: CsvRowError[];
}

export function usersFromCsv(text: string, now = Date.now()): UserCsvResult {
  const result: UserCsvResult = { users: [], lines: [], errors: [] };
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    result.errors.push({ line: 1, message: (error as Error).message });
    return result;
  }
  const [header, ...body] = rows;
  if (!header) {
    result.errors.push({ line: 1, message: 'the file is empty' });
    return result;
  }
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(USER_CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !columns.includes('id')) {
    const problems = [...(columns.includes('id') ? [] : ['no "id" column']), ...unknown.map((name) => `unknown column "${name}"`)];
    result.errors.push({ line: header.line, message: `${problems.join('; ')} (columns: ${USER_CSV_COLUMNS.join(', ')})` });
    return result;
  }
  if (body.length > MAX_ROWS) {
    result.errors.push({ line: header.line, message: `at most ${MAX_ROWS} users per file` });
    return result;
  }
  const seen = new Map<string, number>();
  for (const row of body) {
    const cell = (column: Column): string => (row.fields[columns.indexOf(column)] ?? '').trim();
    const fail = (message: string): void => {
      result.errors.push({ line: row.line, message });
    };
    if (row.fields.length !== columns.length) {
      fail(`has ${row.fields.length} fields, the header has ${columns.length}`);
      continue;
    }
    const id = cell('id');
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      fail(`user ${id} is already on line ${earlier}`);
      continue;
    }
    try {
      const user: User = {
        ...blankUser(id, now),
        name: cell('name'),
        email: cell('email'),
        phone: cell('phone'),
        department: cell('department'),
        title: cell('title'),
        periodStart: dateCell(cell('start'), 'start'),
        periodEnd: dateCell(cell('end'), 'end'),
        disabled: yesNo(cell('disabled')),
        cards: listCell(cell('cards')).map(hexCard),
        accessGroupIds: listCell(cell('groups')).map(groupId),
      };
      const problems = userProblems(user);
      if (problems.length > 0) {
        fail(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
        continue;
      }
      seen.set(id, row.line);
      result.users.push(user);
      result.lines.push(row.line);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  return result;
}

function listCell(value: string): string[] {
  return value === '' ? [] : value.split(';').map((part) => part.trim()).filter((part) => part !== '');
}

function dateCell(value: string, column: string): number | null {
  if (value === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(match[3])) {
    throw new Error(`${column}: "${value.slice(0, 20)}" is not a date (YYYY-MM-DD)`);
  }
  return ms / 1000;
}

function yesNo(value: string): boolean {
  const normalized = value.toLowerCase();
  if (['', 'no', 'n', 'false', '0'].includes(normalized)) return false;
  if (['yes', 'y', 'true', '1'].includes(normalized)) return true;
  throw new Error(`disabled: "${value.slice(0, 20)}" is not yes or no`);
}

function hexCard(value: string): Card {
  const hex = value.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{2,64}$/.test(hex) || hex.length % 2 !== 0) {
    throw new Error(`cards: "${value.slice(0, 20)}" is not a card number in hex (an even number of digits)`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { type: CSN_CARD, data: btoa(String.fromCharCode(...bytes)) };
}

function groupId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new Error(`groups: "${value.slice(0, 20)}" is not an access group ID`);
  return id;
}
