import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from '../fuzzRuns';
import type { OperatorIdentity } from '../domain/operators';
import { requestNames, requests, type RequestHandlers, type RequestName } from './contract';
import { ContractError, dispatchRequest, type CallerSession, type SessionStanding } from './dispatch';

/*
 * Fuzzing the IPC contract: arbitrary JSON (what a renderer, tampered or broken, can send over
 * IPC or the bridge) for every request name through dispatchRequest. Each request is either
 * refused with a ContractError that names it (and the session hears of it, for the log), or its
 * handler runs with arguments its zod schema accepts; nothing else ever happens, and no payload
 * reaches a handler unchecked.
 *
 * Cases in the normal run: 2,000 arbitrary JSON values + 2,000 objects with the schema's own keys
 * holding arbitrary values + 200 names outside the contract = 4,200 (FUZZ_SCALE multiplies them; see shared/fuzzRuns.ts).
 */

const administrator: OperatorIdentity = { id: 'admin', name: 'Ada', role: 'administrator' };

class RecordingSession implements CallerSession {
  readonly offContractReasons: string[] = [];
  standing(): SessionStanding {
    return { state: 'signedIn', operator: administrator };
  }
  noteActivity(): void {}
  refused(): void {}
  offContract(reason: string): void {
    this.offContractReasons.push(reason);
  }
}

/** Every handler only notes what it was given. */
const received: { name: RequestName; args: unknown }[] = [];
const handlers = Object.fromEntries(
  requestNames.map((name) => [
    name,
    (args: unknown) => {
      received.push({ name, args });
      return Promise.resolve(null);
    },
  ]),
) as unknown as RequestHandlers<RecordingSession>;

/** The keys a request's arguments object has, so that generated payloads get past "unrecognized key". */
function argumentKeys(name: RequestName): string[] {
  const shape = (requests[name].args as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

const requestName = fc.constantFrom(...requestNames);
/** What a renderer can send: any JSON, or nothing at all (a request made without arguments). */
const json = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 4 }));
/** Objects of the request's own keys, some left out, each holding arbitrary JSON or a near-miss. */
const shapedArgs = (name: RequestName): fc.Arbitrary<unknown> =>
  fc.dictionary(
    fc.constantFrom(...argumentKeys(name), 'extra'),
    fc.oneof(json, fc.constantFrom(0, -1, 1.5, '', 'x'.repeat(300), null, [], {}, true, 2 ** 53, '__proto__')),
    { maxKeys: argumentKeys(name).length + 1 },
  );

/** How the cases ended, so a run that never reached a handler (or never refused) shows as a failure. */
const outcomes = { handled: 0, refused: 0 };

async function expectContractKept(name: RequestName, args: unknown): Promise<void> {
  const session = new RecordingSession();
  received.length = 0;
  const outcome = await dispatchRequest(handlers, name, args, session).then(
    () => null,
    (error: unknown) => error,
  );
  const schema = requests[name].args;
  if (outcome === null) {
    // Ran: once, with what the schema makes of the payload, which the schema accepts.
    expect(received).toHaveLength(1);
    expect(received[0]?.name).toBe(name);
    expect(received[0]?.args).toEqual(schema.parse(args));
    expect(session.offContractReasons).toEqual([]);
    outcomes.handled += 1;
    return;
  }
  // Refused: only ever by the contract, before the handler, naming the request; the session heard it.
  expect(outcome).toBeInstanceOf(ContractError);
  expect((outcome as ContractError).message).toMatch(new RegExp(`^invalid arguments for ${name}(?: at [^:]+)?: .+`));
  expect(schema.safeParse(args).success).toBe(false);
  expect(received).toEqual([]);
  expect(session.offContractReasons).toEqual([(outcome as ContractError).message]);
  outcomes.refused += 1;
}

describe('fuzzing IPC payloads through dispatchRequest (4,200 cases; FUZZ_SCALE for more)', () => {
  it('arbitrary JSON for every request: refused by the contract or handled with valid arguments (2,000 cases)', async () => {
    Object.assign(outcomes, { handled: 0, refused: 0 });
    await fc.assert(
      fc.asyncProperty(requestName, json, (name, args) => expectContractKept(name, args)),
      { numRuns: fuzzRuns(2_000) },
    );
    expect(outcomes.handled).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('objects with each request’s own keys holding arbitrary values: the same (2,000 cases)', async () => {
    Object.assign(outcomes, { handled: 0, refused: 0 });
    await fc.assert(
      fc.asyncProperty(requestName.chain((name) => fc.tuple(fc.constant(name), shapedArgs(name))), ([name, args]) => expectContractKept(name, args)),
      { numRuns: fuzzRuns(2_000) },
    );
    expect(outcomes.handled).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('names outside the contract are refused as unknown, and the session hears of it (200 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')).filter((name) => !(requestNames as readonly string[]).includes(name)),
        json,
        async (name, args) => {
          const session = new RecordingSession();
          const refusal = await dispatchRequest(handlers, name, args, session).then(
            () => null,
            (error: unknown) => error,
          );
          expect(refusal).toBeInstanceOf(ContractError);
          expect((refusal as ContractError).message).toBe(`unknown request "${name.slice(0, 64)}"`);
          expect(session.offContractReasons).toEqual([(refusal as ContractError).message]);
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
  });
});
