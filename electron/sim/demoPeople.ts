import type { User } from '../../shared/domain/user';
import { CardType } from '../gsdk/messages';
import type { UserInfo } from '../gsdk/messages';
import { demoStaff } from './demoSite';
import { pick, seededBytes, seededRandom } from './seededRandom';

/*
 * The people of the demo site: a few hundred users with names, departments, titles, a card each,
 * a fingerprint (two 384-byte templates) for most, a face for a few, a PIN for security staff.
 * Users 1..8 are the demo fleet's staff (demoSite.ts) with the very same bytes, so the records
 * the devices hold at first start are the ones the console seeds.
 */

/** What a user does on site, which decides the access groups they get. */
export type DemoRole = 'facilities' | 'office' | 'warehouse' | 'it' | 'security';

interface Department {
  name: string;
  role: DemoRole;
  titles: readonly string[];
}

const FACILITIES: Department = {
  name: 'Facilities',
  role: 'facilities',
  titles: ['Receptionist', 'Facilities coordinator', 'Canteen supervisor', 'Cleaning lead', 'Caretaker', 'Mail room clerk'],
};

const DEPARTMENTS: readonly Department[] = [
  { name: 'Warehouse', role: 'warehouse', titles: ['Warehouse operative', 'Forklift driver', 'Picker', 'Shift supervisor', 'Stock controller'] },
  { name: 'Logistics', role: 'warehouse', titles: ['Logistics coordinator', 'Dispatcher', 'Driver', 'Transport planner'] },
  { name: 'Sales', role: 'office', titles: ['Account manager', 'Sales representative', 'Customer service agent', 'Sales director'] },
  { name: 'Finance', role: 'office', titles: ['Accountant', 'Payroll officer', 'Accounts clerk', 'Financial controller'] },
  { name: 'Administration', role: 'office', titles: ['Office administrator', 'Executive assistant', 'Office manager'] },
  { name: 'Human resources', role: 'office', titles: ['HR advisor', 'Recruiter', 'HR manager'] },
  { name: 'IT', role: 'it', titles: ['Systems administrator', 'Network engineer', 'Service desk analyst', 'IT manager'] },
  { name: 'Security', role: 'security', titles: ['Security officer', 'Night guard', 'Security supervisor'] },
];

/**
 * Departments in a fixed cycle of 20 (indexes into DEPARTMENTS): about 45% warehouse and
 * logistics, 35% office, 10% IT, 10% security.
 */
const DEPARTMENT_CYCLE = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7];

const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adam', 'Aisha', 'Alice', 'Amir', 'Ana', 'Andrew', 'Anya', 'Ben', 'Bianca', 'Carlos', 'Chloe',
  'Connor', 'Daniel', 'Deepa', 'Diego', 'Eleanor', 'Emeka', 'Emma', 'Ethan', 'Fatima', 'Felix', 'Grace', 'Hannah',
  'Hugo', 'Imran', 'Isla', 'Jack', 'Jasmine', 'Jonas', 'Julia', 'Kai', 'Karin', 'Leila', 'Liam', 'Lucia', 'Marco',
  'Maya', 'Mei', 'Nadia', 'Noah', 'Olga', 'Omar', 'Oscar', 'Priya', 'Rafael', 'Rosa', 'Ruth', 'Samuel', 'Sara',
  'Sofia', 'Tariq', 'Theo', 'Uma', 'Victor', 'Wen', 'Yara', 'Yusuf', 'Zoe',
];

const LAST_NAMES = [
  'Adams', 'Ahmed', 'Andersen', 'Baker', 'Bauer', 'Brown', 'Campbell', 'Chen', 'Costa', 'Davies', 'Dubois', 'Evans',
  'Fischer', 'Garcia', 'Gupta', 'Hall', 'Hansen', 'Hughes', 'Ivanova', 'Jensen', 'Johnson', 'Kaur', 'Khan', 'Kim',
  'Kowalski', 'Larsen', 'Lopez', 'Martin', 'Mensah', 'Moreau', 'Murphy', 'Nakamura', 'Nguyen', 'Novak', 'Okafor',
  "O'Brien", 'Patel', 'Petrov', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Sato', 'Taylor',
  'Thomas', 'Turner', 'Walker', 'Wang', 'Weber', 'White', 'Wilson', 'Wright', 'Yamamoto', 'Young', 'Zhang',
];

export const DEMO_USER_COUNT = 300;
/** Every demo record's updatedAt: a fixed moment, so the data set is the same on every start. */
export const DEMO_EPOCH_MS = Date.UTC(2025, 0, 6, 8, 0, 0);

const TEMPLATE_BYTES = 384;
const FACE_TEMPLATE_BYTES = 552;
const CARD_BYTES = 4;
const PIN_HASH_BYTES = 32;

const base64 = (bytes: Buffer): string => bytes.toString('base64');

function email(name: string): string {
  const local = name
    .toLowerCase()
    .split(/\s+/)
    .map((part) => part.replace(/[^a-z]/g, ''))
    .join('.');
  return `${local}@example.com`;
}

/** Numbers from Ofcom's range reserved for drama (020 7946 0000–0999): never a real line. */
function phone(index: number): string {
  return `+44 20 7946 ${String(index % 1000).padStart(4, '0')}`;
}

/** A first and last name not yet taken; past what the lists can pair, a number tells people apart. */
function uniqueName(random: () => number, taken: ReadonlySet<string>, index: number): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    if (!taken.has(name)) return name;
  }
  return `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)} ${index + 1}`;
}

/** A fleet staff member as the console's user: the same bytes, base64. */
function staffUser(info: UserInfo, title: string, index: number): User {
  return {
    id: info.hdr.ID,
    name: info.name,
    email: email(info.name),
    phone: phone(index),
    department: FACILITIES.name,
    title,
    periodStart: null,
    periodEnd: null,
    disabled: false,
    pinHash: null,
    photo: null,
    cards: info.cards.map((card) => ({ type: card.type, data: base64(card.data) })),
    fingers: info.fingers.map((finger) => ({ index: finger.index, flag: finger.flag, templates: finger.templates.map(base64) })),
    faces: info.faces.map((face) => ({ index: face.index, flag: face.flag, templates: face.templates.map(base64) })),
    accessGroupIds: [...info.accessGroupIDs],
    updatedAt: DEMO_EPOCH_MS,
  };
}

/**
 * `count` users with IDs "1".."count"; `groupsFor` gives the access groups of each role (the
 * fleet's staff keep the groups the devices already hold for them). Cards are unique across
 * users; names too.
 */
export function demoPeople(groupsFor: (role: DemoRole) => number[], count = DEMO_USER_COUNT): User[] {
  const random = seededRandom(0xdee9);
  const staff = demoStaff().slice(0, count);
  const users = staff.map((info, index) => staffUser(info, FACILITIES.titles[index % FACILITIES.titles.length] ?? 'Staff', index));
  const names = new Set(users.map((user) => user.name));
  const cards = new Set(users.flatMap((user) => user.cards.map((card) => card.data)));

  for (let index = users.length; index < count; index++) {
    const department = DEPARTMENTS[DEPARTMENT_CYCLE[index % DEPARTMENT_CYCLE.length] ?? 0] ?? FACILITIES;
    const name = uniqueName(random, names, index);
    names.add(name);

    // Each user's bytes come from their own generator: adding users never changes earlier ones.
    const bytes = seededRandom(0xb10_0000 + index);
    let card = base64(seededBytes(bytes, CARD_BYTES));
    while (cards.has(card)) card = base64(seededBytes(bytes, CARD_BYTES));
    cards.add(card);
    // About one user in ten has no fingerprint (card only); one in twenty enrolled a face.
    const finger = index % 10 !== 3;
    const face = index % 20 === 0;

    users.push({
      id: String(index + 1),
      name,
      email: email(name),
      phone: phone(index),
      department: department.name,
      title: pick(random, department.titles),
      periodStart: null,
      periodEnd: null,
      disabled: false,
      pinHash: department.role === 'security' ? base64(seededBytes(bytes, PIN_HASH_BYTES)) : null,
      photo: null,
      cards: [{ type: CardType.CSN, data: card }],
      fingers: finger
        ? [{ index: 1, flag: 0, templates: [base64(seededBytes(bytes, TEMPLATE_BYTES)), base64(seededBytes(bytes, TEMPLATE_BYTES))] }]
        : [],
      faces: face ? [{ index: 0, flag: 0, templates: [base64(seededBytes(bytes, FACE_TEMPLATE_BYTES))] }] : [],
      accessGroupIds: groupsFor(department.role),
      updatedAt: DEMO_EPOCH_MS,
    });
  }
  return users;
}
