import { describe, expect, it } from 'vitest';
import { blankUser, type User } from '../../../../shared/domain/user';
import { addCard, emptyUserForm, errorsByField, formFieldOf, formFromUser, userFromForm, type UserForm } from './userForm';

const form = (overrides: Partial<UserForm>): UserForm => ({ ...emptyUserForm(), ...overrides });

describe('user form', () => {
  it('turns a filled-in form into a User', () => {
    const { user, problems } = userFromForm(
      form({ id: ' 42 ', name: ' Ada ', email: 'ada@example.com', periodStart: '2025-01-01', periodEnd: '2025-12-31', cardHex: '0A0B', accessGroupIds: [3] }),
      null,
      5,
    );
    expect(problems).toEqual([]);
    expect(user).toEqual({
      ...blankUser('42', 5),
      name: 'Ada',
      email: 'ada@example.com',
      periodStart: Date.UTC(2025, 0, 1) / 1000,
      periodEnd: Date.UTC(2025, 11, 31) / 1000,
      cards: [{ type: 1, data: btoa('\x0a\x0b') }],
      accessGroupIds: [3],
    });
  });

  it('keeps what the form does not show when editing, and never changes the ID', () => {
    const stored: User = { ...blankUser('7', 1), name: 'Old', fingers: [{ index: 1, flag: 0, templates: ['AAAA'] }], pinHash: btoa('x'.repeat(32)) };
    const edited = formFromUser(stored);
    const { user } = userFromForm({ ...edited, id: '8', name: 'New' }, stored, 9);
    expect(user).toMatchObject({ id: '7', name: 'New', fingers: stored.fingers, pinHash: stored.pinHash, updatedAt: 9 });
  });

  it('reports each problem on its field', () => {
    const { user, problems } = userFromForm(form({ id: 'abc', name: 'x'.repeat(49), email: 'nope', periodStart: '2025-02-01', periodEnd: '2025-01-01', cardHex: 'XYZ' }), null);
    expect(user).toBeNull();
    expect(errorsByField(problems)).toEqual({
      id: ['user ID must be a number from 1 to 4294967294'],
      name: ['name is longer than 48 characters'],
      email: ['email is not an address'],
      periodEnd: ['the period ends before it starts'],
      cards: ['a card number is hex digits (0-9, A-F), two per byte'],
    });
  });

  it('maps record paths to form fields', () => {
    expect(formFieldOf('cards.0.data')).toBe('cards');
    expect(formFieldOf('department')).toBe('department');
    expect(formFieldOf('fingers.1.templates')).toBe('form');
    expect(formFieldOf('user')).toBe('form');
  });

  it('adds cards once each', () => {
    const first = addCard(form({ cardHex: 'de ad be ef' }));
    expect(first.problem).toBeNull();
    expect(first.form.cards).toEqual([{ type: 1, data: '3q2+7w==' }]);
    expect(first.form.cardHex).toBe('');
    expect(addCard({ ...first.form, cardHex: 'DEADBEEF' }).problem?.message).toBe('this card is already listed');
  });

  it('reports dates that are not dates', () => {
    const { problems } = userFromForm(form({ id: '1', periodStart: '2025-13-01' }), null);
    expect(problems).toContainEqual({ field: 'periodStart', message: 'the start is not a date' });
  });
});
