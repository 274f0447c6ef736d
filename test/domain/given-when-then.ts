// Given/when/then for deciders: given past events, when a command, then these events or this error.
// `then` also folds the decided events through evolve, so a rule enforced when deciding is also
// accepted when evolving (the two places the invariants live), and parses each event by its schema,
// as the store boundary does.
import * as assert from 'uvu/assert';
import { EVENT_SCHEMAS, type DomainEvent } from '../../src/domain/events.ts';
import type { FieldError } from '../../src/domain/errors.ts';

export interface Decider<S, C, E> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

// Abstract classes included: the domain errors share an abstract base.
type ErrorClass = abstract new (...args: never[]) => Error;

export interface ErrorExpectation {
  /** One of the error's field errors must name this path. */
  path?: string;
  /** The error's message must match. */
  message?: RegExp;
}

export function specFor<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return function given(events: E[]) {
    return {
      when(command: C) {
        return {
          /** Expect exactly these events (or none: the command repeats a stored fact). */
          then(expected: E[] | ErrorClass, expectation: ErrorExpectation = {}): { state: S; error?: Error } {
            let state = decider.initialState();
            for (const e of events) state = decider.evolve(state, e);
            if (Array.isArray(expected)) {
              const decided = decider.decide(command, state);
              assert.equal(decided, expected);
              for (const e of decided) {
                const parsed = EVENT_SCHEMAS[e.type].schema.safeParse(e.data);
                assert.ok(parsed.success, `${e.type} breaks its schema: ${parsed.error?.message ?? ''}`);
                state = decider.evolve(state, e);
              }
              return { state };
            }
            let thrown: unknown;
            try {
              const decided = decider.decide(command, state);
              assert.unreachable(`expected ${expected.name}, decided ${JSON.stringify(decided)}`);
            } catch (error) {
              thrown = error;
            }
            if (!(thrown instanceof expected)) throw thrown;
            const error = thrown as Error & { errors?: FieldError[] };
            if (expectation.path !== undefined) {
              const paths = (error.errors ?? []).map((e) => e.path);
              assert.ok(paths.includes(expectation.path), `expected an error on ${expectation.path}, got [${paths.join(', ')}]: ${error.message}`);
            }
            if (expectation.message) assert.match(error.message, expectation.message);
            return { state, error };
          },
        };
      },
    };
  };
}
