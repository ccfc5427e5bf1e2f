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
 * holding arbitrary values + 2,000 payloads shaped like the schema, near-valid at any depth + 200
 * names outside the contract = 6,200 (FUZZ_SCALE multiplies them; see shared/fuzzRuns.ts).
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

/** The part of zod 4's schema internals the payload generator reads (a test may look inside). */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, SchemaNode>;
      element?: SchemaNode;
      innerType?: SchemaNode;
      options?: SchemaNode[];
      in?: SchemaNode;
      entries?: Record<string, string | number>;
      values?: unknown[];
      items?: SchemaNode[];
      keyType?: SchemaNode;
      valueType?: SchemaNode;
    };
  };
}

const someString = fc.oneof(
  fc.constantFrom('', '1', '42', 'virtual', 'Ada', 'AQID', 'AQIDBA==', '127.0.0.1', 'x'.repeat(33), 'x'.repeat(300), '\u202Eevil', '\u0000'),
  fc.string({ maxLength: 40 }),
);
const someNumber = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(0, 1, 255, 256, 65_535, 4_294_967_295, 2 ** 53, 1.5, -1, Number.MAX_SAFE_INTEGER));

/**
 * Payloads shaped like what a schema accepts (its keys, types, options and literals), each node
 * now and then swapped for arbitrary JSON: near-valid input that reaches the refinements and the
 * handlers, where arbitrary JSON is refused at the first key.
 */
function nearValid(schema: SchemaNode, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedLike(schema, depth);
  return depth > 6 ? shaped : fc.oneof({ arbitrary: shaped, weight: 9 }, { arbitrary: json, weight: 1 });
}

function shapedLike(schema: SchemaNode, depth: number): fc.Arbitrary<unknown> {
  const { def } = schema._zod;
  const inner = (node: SchemaNode | undefined): fc.Arbitrary<unknown> => (node ? nearValid(node, depth + 1) : json);
  switch (def.type) {
    case 'string':
      return someString;
    case 'number':
      return someNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? { none: 'none' }));
    case 'optional':
      return fc.oneof(fc.constant(undefined), inner(def.innerType));
    case 'nullable':
      return fc.oneof(fc.constant(null), inner(def.innerType));
    case 'default':
    case 'readonly':
    case 'catch':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'array':
      return fc.array(inner(def.element), { maxLength: 4 });
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map((item) => nearValid(item, depth + 1)));
    case 'record':
      return fc.dictionary(someString, inner(def.valueType), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => nearValid(option, depth + 1)));
    case 'object': {
      const shape = def.shape ?? {};
      const keys = Object.keys(shape);
      // Keys left out now and then (optional ones, and required ones by mistake).
      return fc.record(Object.fromEntries(keys.map((key) => [key, inner(shape[key])])), { requiredKeys: [] }).map((record) => record as unknown);
    }
    default:
      return json;
  }
}

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

describe('fuzzing IPC payloads through dispatchRequest (6,200 cases; FUZZ_SCALE for more)', () => {
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

  it('payloads shaped like each request’s schema, near-valid at any depth: the same, and many reach their handlers (2,000 cases)', async () => {
    Object.assign(outcomes, { handled: 0, refused: 0 });
    const payloads = requestName.chain((name) => fc.tuple(fc.constant(name), nearValid(requests[name].args as unknown as SchemaNode)));
    await fc.assert(
      fc.asyncProperty(payloads, ([name, args]) => expectContractKept(name, args)),
      { numRuns: fuzzRuns(2_000) },
    );
    expect(outcomes.handled).toBeGreaterThan(fuzzRuns(2_000) / 10);
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
