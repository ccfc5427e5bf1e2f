import { describe, expect, it } from 'vitest';
import { operatorRoles } from '../domain/operators';
import { requestNames } from './channels';
import { requestAccess } from './requestAccess';

describe('the role table', () => {
  it('has an entry for every request of the contract, and none for a request that is not one', () => {
    // The `satisfies` in requestAccess.ts makes a missing entry a compile error; this holds at run time too.
    const missing = requestNames.filter((name) => !Object.hasOwn(requestAccess, name));
    expect(missing).toEqual([]);
    expect(Object.keys(requestAccess).sort()).toEqual([...requestNames].sort());
  });

  it('gives every entry a known access', () => {
    const known = new Set<string>(['anyone', 'signedIn', ...operatorRoles]);
    for (const [name, rule] of Object.entries(requestAccess)) expect(known.has(rule.access), name).toBe(true);
  });

  it('leaves a Monitoring operator reads only', () => {
    const monitoringActions = Object.entries(requestAccess)
      .filter(([, rule]) => rule.access === 'monitoringOperator' && rule.action)
      .map(([name]) => name)
      .sort();
    // Their own screen and password, and the Event log's saved filters (a view of the log): nothing about devices or records.
    expect(monitoringActions).toEqual(['changeOwnPassword', 'deleteEventFilter', 'lockSession', 'saveEventFilter']);
  });

  it('lets no one but an administrator change settings or operators', () => {
    for (const name of ['setSyncMode', 'setEventRetention', 'addOperator', 'saveOperator', 'removeOperator', 'resetOperatorPassword', 'setIdleLock', 'listOperators', 'wipeAndResync'] as const) {
      expect(requestAccess[name].access, name).toBe('administrator');
    }
  });

  it('lets anyone only see the session, sign in and create the first administrator', () => {
    const open = Object.entries(requestAccess)
      .filter(([, rule]) => rule.access === 'anyone')
      .map(([name]) => name)
      .sort();
    expect(open).toEqual(['createFirstAdministrator', 'getSession', 'signIn']);
  });
});
