// The EventStore contract: every adapter runs this suite (test/store/memory.test.ts,
// sqlite.test.ts, and the EventStoreDB one). It only uses the port, never an adapter's insides.
//
//   storeContract('sqlite', async ({ clock }) => { ...; return { store, cleanup } }).run();
//
// makeStore must give a new, EMPTY store each time it is called (positions start at 1), whose
// recordedAt comes from the given clock; cleanup closes the store and removes what it created.
// The suite is returned unrun: call .run() on it.
import { suite, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { chainHash, GENESIS_HASH } from '../../src/store/hash-chain.ts';
import {
  EventIdConflictError,
  ImportError,
  MAX_EVENTS_PER_APPEND,
  VersionConflictError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../src/store/port.ts';

export interface StoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

export type MakeStore = (options: { clock: () => Date }) => Promise<StoreUnderTest>;

interface Context {
  store: EventStore;
  cleanup: () => Promise<void>;
  /** The clock the store reads; set `now.value` to move it. */
  now: { value: Date };
  clock: () => Date;
}

const START = new Date('2024-03-01T09:30:00.000Z');

export function ev(id: string, data: unknown = { n: 1 }, type = 'ThingHappened', schemaVersion = 1): NewEvent {
  return { id, type, schemaVersion, data, metadata: { actor: 'user-1', role: 'coordinator', requestId: `req-${id}` } };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function rejectsWith<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, type);
    return error as E;
  }
  assert.unreachable(`expected a ${type.name}, but the call succeeded`);
  throw new Error('unreachable');
}

async function rejects(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.unreachable('expected the call to fail, but it succeeded');
  throw new Error('unreachable');
}

/** Wait until `condition` holds (liveness, not timing: the limit is far above any expected delay). */
export async function waitFor(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seven events over three streams, with varied data: the log most tests start from. */
async function seed(store: EventStore, now: { value: Date }): Promise<RecordedEvent[]> {
  now.value = new Date('2024-03-01T10:00:00.000Z');
  await store.appendToStream('programme-p1', [ev('e1', { name: 'Acte 3', axes: ['accès', 'accompagnement'] }, 'ProgrammeCreated'), ev('e2', { amountEur: '1234.50' })]);
  now.value = new Date('2024-03-02T10:00:00.000Z');
  await store.appendToStream('contribution-c1', [ev('e3', { nested: { b: 2, a: [1, { z: null }] }, text: 'é "quoted" \n' })]);
  await store.appendToStream('programme-p1', [ev('e4', {}, 'RateSet', 2)]);
  now.value = new Date('2024-03-03T10:00:00.000Z');
  await store.appendToStream('contribution-c2', [ev('e5'), ev('e6', [1, 2, 3])]);
  await store.appendToStream('contribution-c1', [ev('e7', 'a bare string')]);
  return collect(store.readAll());
}

function withoutHash(event: RecordedEvent): Omit<RecordedEvent, 'hash'> {
  const { hash: _hash, ...rest } = event;
  return rest;
}

export function storeContract(name: string, makeStore: MakeStore): Test<Context> {
  const test = suite<Context>(`EventStore contract: ${name}`, {} as Context);

  test.before.each(async (context) => {
    context.now = { value: START };
    context.clock = () => new Date(context.now.value);
    const made = await makeStore({ clock: context.clock });
    context.store = made.store;
    context.cleanup = made.cleanup;
  });

  test.after.each(async (context) => {
    await context.cleanup();
  });

  test('an empty store has head 0 with the genesis hash, and nothing to read', async ({ store }) => {
    assert.equal(await store.head(), { position: 0, hash: GENESIS_HASH });
    assert.equal(await collect(store.readAll()), []);
    assert.equal(await store.readStream('programme-none'), { events: [], currentStreamVersion: 0, streamExists: false });
    assert.equal(await store.verify(), { ok: true, events: 0, headHash: GENESIS_HASH });
  });

  test('appends number stream versions and global positions from 1, recordedAt from the clock', async ({ store, now }) => {
    now.value = new Date('2024-05-01T08:00:00.000Z');
    const first = await store.appendToStream('programme-p1', [ev('a1', { x: 1 }), ev('a2', { x: 2 })]);
    assert.equal(first, { nextExpectedStreamVersion: 2, lastPosition: 2, alreadyStored: false });
    now.value = new Date('2024-05-02T08:00:00.000Z');
    const second = await store.appendToStream('contribution-c1', [ev('b1', { y: 'z' }, 'ContributionRecorded', 3)]);
    assert.equal(second, { nextExpectedStreamVersion: 1, lastPosition: 3, alreadyStored: false });
    const third = await store.appendToStream('programme-p1', [ev('a3')]);
    assert.equal(third, { nextExpectedStreamVersion: 3, lastPosition: 4, alreadyStored: false });

    const all = await collect(store.readAll());
    assert.equal(
      all.map((e) => [e.position, e.stream, e.streamVersion, e.id, e.recordedAt]),
      [
        [1, 'programme-p1', 1, 'a1', '2024-05-01T08:00:00.000Z'],
        [2, 'programme-p1', 2, 'a2', '2024-05-01T08:00:00.000Z'],
        [3, 'contribution-c1', 1, 'b1', '2024-05-02T08:00:00.000Z'],
        [4, 'programme-p1', 3, 'a3', '2024-05-02T08:00:00.000Z'],
      ],
    );
    const b1 = all[2]!;
    assert.equal(withoutHash(b1), {
      ...ev('b1', { y: 'z' }, 'ContributionRecorded', 3),
      stream: 'contribution-c1',
      streamVersion: 1,
      position: 3,
      recordedAt: '2024-05-02T08:00:00.000Z',
    });
    assert.match(b1.hash, /^[0-9a-f]{64}$/);

    const stream = await store.readStream('programme-p1');
    assert.equal(stream.currentStreamVersion, 3);
    assert.ok(stream.streamExists);
    assert.equal(stream.events, [all[0], all[1], all[3]]);
  });

  test('data and metadata read back equal to what was appended', async ({ store, now }) => {
    const all = await seed(store, now);
    const expected = [
      ev('e1', { name: 'Acte 3', axes: ['accès', 'accompagnement'] }, 'ProgrammeCreated'),
      ev('e2', { amountEur: '1234.50' }),
      ev('e3', { nested: { b: 2, a: [1, { z: null }] }, text: 'é "quoted" \n' }),
      ev('e4', {}, 'RateSet', 2),
      ev('e5'),
      ev('e6', [1, 2, 3]),
      ev('e7', 'a bare string'),
    ];
    assert.equal(
      all.map((e) => ({ id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata })),
      expected,
    );
    // Reads hand out copies: changing one does not change the log.
    (all[1]!.data as { amountEur: string }).amountEur = '0';
    const again = await store.readStream('programme-p1');
    assert.equal(again.events[1]!.data, { amountEur: '1234.50' });
  });

  test('each hash chains the previous one from the genesis hash, and the head carries the last', async ({ store, now }) => {
    const all = await seed(store, now);
    let previous = GENESIS_HASH;
    for (const event of all) {
      assert.is(event.hash, chainHash(previous, withoutHash(event)), `hash at ${event.position}`);
      previous = event.hash;
    }
    assert.equal(await store.head(), { position: 7, hash: previous });
  });

  test('readStream reads from a given stream version', async ({ store, now }) => {
    await seed(store, now);
    const from2 = await store.readStream('programme-p1', { from: 2 });
    assert.equal(from2.events.map((e) => [e.streamVersion, e.id]), [[2, 'e2'], [3, 'e4']]);
    assert.is(from2.currentStreamVersion, 3);
    const past = await store.readStream('programme-p1', { from: 4 });
    assert.equal(past.events, []);
    assert.is(past.currentStreamVersion, 3);
    assert.ok(past.streamExists);
  });

  test('a numeric expected version must equal the current version, 0 meaning no stream yet', async ({ store }) => {
    assert.is((await store.appendToStream('s', [ev('1')], { expectedStreamVersion: 0 })).nextExpectedStreamVersion, 1);
    const conflict = await rejectsWith(store.appendToStream('s', [ev('2')], { expectedStreamVersion: 0 }), VersionConflictError);
    assert.is(conflict.stream, 's');
    assert.is(conflict.expected, 0);
    assert.is(conflict.actual, 1);
    assert.is((await store.appendToStream('s', [ev('2')], { expectedStreamVersion: 1 })).nextExpectedStreamVersion, 2);
    const ahead = await rejectsWith(store.appendToStream('s', [ev('3')], { expectedStreamVersion: 5 }), VersionConflictError);
    assert.is(ahead.actual, 2);
    await rejectsWith(store.appendToStream('other', [ev('3')], { expectedStreamVersion: 1 }), VersionConflictError);
    assert.equal((await store.head()).position, 2, 'nothing written by the refused appends');
    assert.equal((await store.readStream('other')).streamExists, false);
  });

  test("'no_stream', 'stream_exists' and 'any' (the default)", async ({ store }) => {
    await rejectsWith(store.appendToStream('s', [ev('1')], { expectedStreamVersion: 'stream_exists' }), VersionConflictError);
    await store.appendToStream('s', [ev('1')], { expectedStreamVersion: 'no_stream' });
    const conflict = await rejectsWith(store.appendToStream('s', [ev('2')], { expectedStreamVersion: 'no_stream' }), VersionConflictError);
    assert.is(conflict.expected, 'no_stream');
    assert.is(conflict.actual, 1);
    await store.appendToStream('s', [ev('2')], { expectedStreamVersion: 'stream_exists' });
    await store.appendToStream('s', [ev('3')], { expectedStreamVersion: 'any' });
    const result = await store.appendToStream('s', [ev('4')]);
    assert.is(result.nextExpectedStreamVersion, 4);
    await store.appendToStream('t', [ev('5')]);
    assert.equal((await store.head()).position, 5);
  });

  test('concurrent appends expecting the same version: exactly one wins', async ({ store }) => {
    const attempts = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((i) => store.appendToStream('contribution-race', [ev(`race-${i}`)], { expectedStreamVersion: 0 })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    assert.is(won.length, 1);
    assert.is(lost.length, 4);
    for (const attempt of lost) assert.instance(attempt.reason, VersionConflictError);
    const stream = await store.readStream('contribution-race');
    assert.is(stream.events.length, 1);
    assert.equal((await store.head()).position, 1);
  });

  test('200 concurrent appends to distinct and shared streams: exactly the right ones succeed, positions have no gaps', async ({ store }) => {
    await store.appendToStream('taken', [ev('taken-1', { n: 1 })]);
    // Interleaved so that failing appends sit between succeeding ones, whatever the adapter groups.
    const kinds: ('distinct' | 'race' | 'conflict' | 'version')[] = [];
    for (let i = 0; i < 200; i++) kinds.push(i % 4 === 1 ? 'race' : i % 10 === 3 ? 'conflict' : i % 10 === 7 ? 'version' : 'distinct');
    const calls = kinds.map((kind, i) => {
      if (kind === 'distinct') return store.appendToStream(`distinct-${i}`, [ev(`d-${i}`, { i }), ev(`d-${i}-b`)], { expectedStreamVersion: 'no_stream' });
      if (kind === 'race') return store.appendToStream('shared', [ev(`r-${i}`, { i })], { expectedStreamVersion: 0 });
      // An id already stored with other content, and a wrong expected version on an existing stream.
      if (kind === 'conflict') return store.appendToStream(`conflict-${i}`, [ev(`c-${i}`), ev('taken-1', { n: 2 })]);
      return store.appendToStream('taken', [ev(`v-${i}`)], { expectedStreamVersion: 5 });
    });
    const settled = await Promise.allSettled(calls);
    let succeeded = 0;
    for (const [i, outcome] of settled.entries()) {
      const kind = kinds[i]!;
      if (kind === 'distinct') {
        assert.is(outcome.status, 'fulfilled', `distinct append ${i}`);
        if (outcome.status === 'fulfilled') assert.is(outcome.value.nextExpectedStreamVersion, 2);
      } else if (kind === 'conflict') {
        assert.is(outcome.status, 'rejected');
        if (outcome.status === 'rejected') assert.instance(outcome.reason, EventIdConflictError);
      } else if (kind === 'version') {
        assert.is(outcome.status, 'rejected');
        if (outcome.status === 'rejected') assert.instance(outcome.reason, VersionConflictError);
      }
      if (outcome.status === 'fulfilled') succeeded += 1;
    }
    const raced = kinds.flatMap((kind, i) => (kind === 'race' ? [settled[i]!] : []));
    assert.is(raced.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    for (const outcome of raced) if (outcome.status === 'rejected') assert.instance(outcome.reason, VersionConflictError);
    const distinct = kinds.filter((kind) => kind === 'distinct').length;
    assert.is(succeeded, distinct + 1);

    const log = await collect(store.readAll());
    assert.equal(log.map((event) => event.position), Array.from({ length: 1 + 2 * distinct + 1 }, (_, i) => i + 1));
    // Each caller's answer points at its own last event.
    for (const [i, outcome] of settled.entries()) {
      if (outcome.status !== 'fulfilled') continue;
      const last = log[outcome.value.lastPosition - 1]!;
      assert.is(last.id, kinds[i] === 'distinct' ? `d-${i}-b` : `r-${i}`);
    }
    assert.not.ok(log.some((event) => event.id.startsWith('c-') || event.id.startsWith('v-')));
    assert.equal((await store.readStream('taken')).currentStreamVersion, 1);
    assert.equal((await store.readStream('shared')).currentStreamVersion, 1);
    const verified = await store.verify();
    assert.is(verified.ok, true);
    assert.is(verified.events, log.length);
  });

  test('a retried append is stored once and answers as the first time, whatever the expected version', async ({ store }) => {
    const first = await store.appendToStream('s', [ev('a'), ev('b')], { expectedStreamVersion: 'no_stream' });
    await store.appendToStream('t', [ev('c')]);
    await store.appendToStream('s', [ev('d')]);
    const head = await store.head();
    // A retry carries a new request id: metadata may differ.
    const retry = [
      { ...ev('a'), metadata: { actor: 'user-1', role: 'coordinator', requestId: 'retry-1' } },
      { ...ev('b'), metadata: { actor: 'user-1', role: 'coordinator', requestId: 'retry-1' } },
    ];
    for (const expectedStreamVersion of ['no_stream', 0, 'any', 'stream_exists', 7] as const) {
      const again = await store.appendToStream('s', retry, { expectedStreamVersion });
      assert.equal(again, { nextExpectedStreamVersion: 2, lastPosition: 2, alreadyStored: true });
    }
    assert.equal(first, { nextExpectedStreamVersion: 2, lastPosition: 2, alreadyStored: false });
    assert.equal(await store.head(), head, 'nothing written');
    const single = await store.appendToStream('t', [ev('c')], { expectedStreamVersion: 'no_stream' });
    assert.equal(single, { nextExpectedStreamVersion: 1, lastPosition: 3, alreadyStored: true });
    assert.equal((await store.readStream('s')).events.map((e) => e.metadata.requestId), ['req-a', 'req-b', 'req-d']);
  });

  test('an event id stored with other content is a conflict, and nothing is written', async ({ store }) => {
    await store.appendToStream('s', [ev('a', { n: 1 })]);
    const head = await store.head();
    const variants: [string, NewEvent][] = [
      ['s', ev('a', { n: 2 })],
      ['s', ev('a', { n: 1 }, 'OtherType')],
      ['s', ev('a', { n: 1 }, 'ThingHappened', 2)],
      ['elsewhere', ev('a', { n: 1 })],
    ];
    for (const [stream, event] of variants) {
      const error = await rejectsWith(store.appendToStream(stream, [event]), EventIdConflictError);
      assert.is(error.eventId, 'a');
    }
    assert.equal(await store.head(), head);
    assert.is((await store.readStream('elsewhere')).streamExists, false);
  });

  test('a batch with only some of its ids stored is a conflict, and nothing is written', async ({ store }) => {
    await store.appendToStream('s', [ev('a'), ev('b')]);
    await rejectsWith(store.appendToStream('s', [ev('a'), ev('b'), ev('c')]), EventIdConflictError);
    await rejectsWith(store.appendToStream('s', [ev('c'), ev('b')]), EventIdConflictError);
    assert.equal((await store.readStream('s')).events.map((e) => e.id), ['a', 'b']);
    assert.equal((await store.head()).position, 2);
  });

  test('appendMany writes every append or none, in order, beside appends made in the same turn', async ({ store }) => {
    if (store.appendMany === undefined) return; // EventStoreDB: the caller appends one at a time
    await store.appendToStream('b', [ev('b1')]);
    const beside = store.appendToStream('c', [ev('c1')]);
    const results = await store.appendMany([
      { stream: 'a', events: [ev('a1'), ev('a2')], expectedStreamVersion: 'no_stream' },
      { stream: 'b', events: [ev('b2')], expectedStreamVersion: 1 },
    ]);
    await beside;
    assert.equal(results.map((r) => [r.nextExpectedStreamVersion, r.alreadyStored]), [[2, false], [2, false]]);
    // In the order of the calls: c1 (queued first) at 2, then the two appends of the one call.
    assert.equal((await store.readStream('c')).events.map((e) => [e.id, e.position]), [['c1', 2]]);
    assert.equal((await store.readStream('a')).events.map((e) => [e.id, e.position]), [['a1', 3], ['a2', 4]]);
    assert.equal((await store.readStream('b')).events.map((e) => [e.id, e.position]), [['b1', 1], ['b2', 5]]);
    const head = await store.head();
    // The second append's expected version is stale: the first, valid on its own, is not written either.
    await rejectsWith(store.appendMany([{ stream: 'd', events: [ev('d1')], expectedStreamVersion: 'no_stream' }, { stream: 'b', events: [ev('b3')], expectedStreamVersion: 1 }]), VersionConflictError);
    await rejectsWith(store.appendMany([{ stream: 'd', events: [ev('d1')], expectedStreamVersion: 'no_stream' }, { stream: 'e', events: [ev('a1', { n: 9 })], expectedStreamVersion: 'any' }]), EventIdConflictError);
    assert.equal(await store.head(), head);
    assert.is((await store.readStream('d')).streamExists, false);
    // Repeated whole, it is stored once.
    const again = await store.appendMany([{ stream: 'a', events: [ev('a1'), ev('a2')], expectedStreamVersion: 'any' }]);
    assert.is(again[0]!.alreadyStored, true);
    assert.equal(await store.head(), head);
  });

  test('appendMany: each append sees those before it in the call, a retry answers as the first time', async ({ store }) => {
    if (store.appendMany === undefined) return; // EventStoreDB: the caller appends one at a time
    assert.equal(await store.appendMany([]), []);
    await store.appendToStream('s', [ev('s1')]);
    // The same stream twice: the second expects the version the first leaves (1 + 2 = 3).
    const first = await store.appendMany([
      { stream: 's', events: [ev('s2'), ev('s3')], expectedStreamVersion: 1 },
      { stream: 't', events: [ev('t1')], expectedStreamVersion: 'no_stream' },
      { stream: 's', events: [ev('s4')], expectedStreamVersion: 3 },
    ]);
    assert.equal(first, [
      { nextExpectedStreamVersion: 3, lastPosition: 3, alreadyStored: false },
      { nextExpectedStreamVersion: 1, lastPosition: 4, alreadyStored: false },
      { nextExpectedStreamVersion: 4, lastPosition: 5, alreadyStored: false },
    ]);
    const head = await store.head();
    // Expecting the version before the call's own first append is stale (it is 3 by then): none written.
    const stale = await rejectsWith(
      store.appendMany([
        { stream: 'u', events: [ev('u1')], expectedStreamVersion: 'no_stream' },
        { stream: 'u', events: [ev('u2')], expectedStreamVersion: 'no_stream' },
      ]),
      VersionConflictError,
    );
    assert.equal([stale.stream, stale.expected, stale.actual], ['u', 'no_stream', 1]);
    // An id the call itself uses earlier, with other content: a conflict, none written.
    const reused = await rejectsWith(
      store.appendMany([
        { stream: 'u', events: [ev('u1')], expectedStreamVersion: 'no_stream' },
        { stream: 'v', events: [ev('u1', { n: 2 })], expectedStreamVersion: 'any' },
      ]),
      EventIdConflictError,
    );
    assert.is(reused.eventId, 'u1');
    assert.equal(await store.head(), head);
    // A retry of a call half stored (its first append written since): that one answers as the first
    // time, the other is written after it.
    const retry = await store.appendMany([
      { stream: 't', events: [ev('t1')], expectedStreamVersion: 'no_stream' },
      { stream: 'w', events: [ev('w1')], expectedStreamVersion: 'no_stream' },
    ]);
    assert.equal(retry, [
      { nextExpectedStreamVersion: 1, lastPosition: 4, alreadyStored: true },
      { nextExpectedStreamVersion: 1, lastPosition: 6, alreadyStored: false },
    ]);
    const log = await collect(store.readAll());
    assert.equal(log.map((e) => [e.position, e.stream, e.streamVersion, e.id]), [
      [1, 's', 1, 's1'],
      [2, 's', 2, 's2'],
      [3, 's', 3, 's3'],
      [4, 't', 1, 't1'],
      [5, 's', 4, 's4'],
      [6, 'w', 1, 'w1'],
    ]);
    assert.is((await store.verify()).ok, true);
    await rejects(store.appendMany(Array.from({ length: 1001 }, (_, i) => ({ stream: `x${i}`, events: [ev(`x${i}`)], expectedStreamVersion: 'any' as const }))));
    assert.is((await store.head()).position, 6);
  });

  test('the same id twice in one append is refused, and nothing is written', async ({ store }) => {
    await rejects(store.appendToStream('s', [ev('a'), ev('b'), ev('a')]));
    assert.equal(await store.head(), { position: 0, hash: GENESIS_HASH });
    assert.is((await store.readStream('s')).streamExists, false);
  });

  test('an append holds at most MAX_EVENTS_PER_APPEND events', async ({ store }) => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ev(`${prefix}-${i}`, { i }));
    await rejects(store.appendToStream('big', many('over', MAX_EVENTS_PER_APPEND + 1)));
    assert.equal((await store.head()).position, 0);
    const result = await store.appendToStream('big', many('max', MAX_EVENTS_PER_APPEND));
    assert.equal(result, { nextExpectedStreamVersion: MAX_EVENTS_PER_APPEND, lastPosition: MAX_EVENTS_PER_APPEND, alreadyStored: false });
    const all = await collect(store.readAll());
    assert.equal(all.map((e) => e.position), Array.from({ length: MAX_EVENTS_PER_APPEND }, (_, i) => i + 1));
  });

  test('an empty append writes nothing and answers the current version', async ({ store }) => {
    await store.appendToStream('s', [ev('a'), ev('b')]);
    const result = await store.appendToStream('s', []);
    assert.is(result.nextExpectedStreamVersion, 2);
    assert.is(result.alreadyStored, false);
    assert.equal((await store.head()).position, 2);
  });

  test('readAll reads the whole log, or from/to, whatever the batch size', async ({ store, now }) => {
    const all = await seed(store, now);
    assert.equal(all.map((e) => e.position), [1, 2, 3, 4, 5, 6, 7]);
    const ids = async (options: Parameters<EventStore['readAll']>[0]) => (await collect(store.readAll(options))).map((e) => e.id);
    for (const batchSize of [1, 2, 3, 7, 100]) {
      assert.equal(await collect(store.readAll({ batchSize })), all, `batchSize ${batchSize}`);
      assert.equal(await ids({ from: 2, to: 5, batchSize }), ['e2', 'e3', 'e4', 'e5'], `from/to, batchSize ${batchSize}`);
    }
    assert.equal(await ids({ from: 5 }), ['e5', 'e6', 'e7']);
    assert.equal(await ids({ to: 3 }), ['e1', 'e2', 'e3']);
    assert.equal(await ids({ from: 4, to: 4 }), ['e4']);
    assert.equal(await ids({ to: 0 }), []);
    assert.equal(await ids({ from: 8 }), []);
    assert.equal(await ids({ from: 6, to: 3 }), []);
    assert.equal(await ids({ to: 100 }), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  test('readPages gives readAll\'s events, in order, in pages of at most the batch size', async ({ store, now }) => {
    const all = await seed(store, now);
    for (const batchSize of [1, 2, 3, 7, 100]) {
      for (const range of [{}, { from: 2, to: 5 }, { from: 5 }, { to: 0 }]) {
        const pages: (readonly RecordedEvent[])[] = [];
        for await (const page of store.readPages({ ...range, batchSize })) pages.push(page);
        assert.ok(pages.every((page) => page.length > 0 && page.length <= batchSize), `page sizes ${pages.map((p) => p.length)} for ${batchSize}`);
        assert.equal(pages.flat(), await collect(store.readAll(range)), `${JSON.stringify(range)}, batchSize ${batchSize}`);
      }
    }
    assert.equal(all.length, 7);
  });

  test('head(at) is the position and hash right after that event', async ({ store, now }) => {
    const all = await seed(store, now);
    assert.equal(await store.head(0), { position: 0, hash: GENESIS_HASH });
    for (const event of all) assert.equal(await store.head(event.position), { position: event.position, hash: event.hash });
    assert.equal(await store.head(7), await store.head());
    await rejects(store.head(8));
  });

  test('positionAt(instant) is the last event recorded at or before it, the genesis before the first', async ({ store, now }) => {
    assert.equal(await store.positionAt('2024-03-01T10:00:00.000Z'), { position: 0, hash: GENESIS_HASH }, 'an empty log');
    const all = await seed(store, now);
    // seed: e1, e2 at 1 March 10:00; e3, e4 at 2 March 10:00; e5, e6, e7 at 3 March 10:00.
    const at = (position: number) => ({ position, hash: all[position - 1]!.hash });
    assert.equal(await store.positionAt('2024-03-01T09:59:59.999Z'), { position: 0, hash: GENESIS_HASH });
    assert.equal(await store.positionAt('2024-03-01T10:00:00.000Z'), at(2), 'an instant equal to recordedAt counts');
    assert.equal(await store.positionAt('2024-03-02T09:59:59.999Z'), at(2));
    assert.equal(await store.positionAt('2024-03-02T23:00:00.000Z'), at(4));
    assert.equal(await store.positionAt('2024-03-03T10:00:00.000Z'), at(7));
    assert.equal(await store.positionAt('2099-01-01T00:00:00.000Z'), at(7));
    for (const bad of ['2024-03-01', 'yesterday', '2024-03-01T10:00:00Z']) await rejects(store.positionAt(bad));
  });

  test('subscribe catches up, resolves caughtUp, then delivers live appends in order, one at a time', async ({ store, now }) => {
    await seed(store, now);
    const seen: number[] = [];
    let running = 0;
    let overlapped = false;
    const subscription = store.subscribe({
      onEvent: async (event) => {
        running += 1;
        if (running > 1) overlapped = true;
        await sleep(1);
        seen.push(event.position);
        running -= 1;
      },
    });
    await subscription.caughtUp;
    assert.equal(seen.slice(0, 7), [1, 2, 3, 4, 5, 6, 7], 'caught up with the head at subscribe time');

    await Promise.all([
      store.appendToStream('live-a', [ev('l1'), ev('l2')]),
      store.appendToStream('live-b', [ev('l3')]),
      store.appendToStream('live-a', [ev('l4')]),
    ]);
    for (let i = 5; i <= 8; i++) await store.appendToStream('live-c', [ev(`l${i}`)]);
    await waitFor(() => seen.length >= 15, 'the live events');
    assert.equal(seen, Array.from({ length: 15 }, (_, i) => i + 1));
    assert.is(overlapped, false, 'onEvent calls never overlap');

    await subscription.close();
    await store.appendToStream('after-close', [ev('z1')]);
    await sleep(600);
    assert.is(seen.length, 15, 'nothing delivered after close');
  });

  test('subscribe after a position delivers only the events that follow it', async ({ store, now }) => {
    await seed(store, now);
    const seen: string[] = [];
    const subscription = store.subscribe({ after: 4, onEvent: (event) => void seen.push(event.id) });
    await subscription.caughtUp;
    assert.equal(seen, ['e5', 'e6', 'e7']);
    await store.appendToStream('s', [ev('e8')]);
    await waitFor(() => seen.length === 4, 'the live event');
    assert.equal(seen, ['e5', 'e6', 'e7', 'e8']);
    await subscription.close();
  });

  test('a subscription on an empty store is caught up at once and still receives live events', async ({ store }) => {
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribe({ onEvent: (event) => void seen.push(event) });
    await subscription.caughtUp;
    assert.equal(seen, []);
    await store.appendToStream('s', [ev('a'), ev('b')]);
    await waitFor(() => seen.length === 2, 'the live events');
    assert.equal(seen, await collect(store.readAll()));
    await subscription.close();
  });

  test('an onEvent failure stops the subscription and reaches onError', async ({ store, now }) => {
    await seed(store, now);
    const seen: number[] = [];
    const failure = new Error('projection failed');
    let reported: unknown;
    const subscription = store.subscribe({
      onEvent: (event) => {
        if (event.position === 3) throw failure;
        seen.push(event.position);
      },
      onError: (error) => (reported = error),
    });
    await waitFor(() => reported !== undefined, 'onError');
    assert.is(reported, failure);
    await store.appendToStream('s', [ev('later')]);
    await sleep(300);
    assert.equal(seen, [1, 2]);
    await subscription.close();
  });

  test('verify accepts a clean log', async ({ store, now }) => {
    await seed(store, now);
    const head = await store.head();
    assert.equal(await store.verify(), { ok: true, events: 7, headHash: head.hash });
  });

  test('importing an exported log into an empty store gives the same head hash and the same events', async ({ store, now }) => {
    const exported = await seed(store, now);
    const target = await makeStore({ clock: () => new Date('2030-01-01T00:00:00.000Z') });
    try {
      let head = await target.store.importRecorded([]);
      assert.equal(head, { position: 0, hash: GENESIS_HASH });
      for (let i = 0; i < exported.length; i += 3) head = await target.store.importRecorded(exported.slice(i, i + 3));
      assert.equal(head, await store.head());
      assert.equal(await target.store.head(), await store.head());
      assert.equal(await collect(target.store.readAll()), exported, 'positions, recordedAt and metadata kept');
      assert.equal(await target.store.verify(), await store.verify());
      assert.equal(await target.store.readStream('programme-p1'), await store.readStream('programme-p1'));

      // The imported log goes on like the original.
      const next = await target.store.appendToStream('programme-p1', [ev('e8')], { expectedStreamVersion: 3 });
      assert.equal(next, { nextExpectedStreamVersion: 4, lastPosition: 8, alreadyStored: false });
      const again = await target.store.appendToStream('programme-p1', [ev('e1', { name: 'Acte 3', axes: ['accès', 'accompagnement'] }, 'ProgrammeCreated')]);
      assert.is(again.alreadyStored, true, 'imported ids keep appends idempotent');
      const verified = await target.store.verify();
      assert.is(verified.ok, true);
      assert.is(verified.events, 8);
    } finally {
      await target.cleanup();
    }
  });

  test('an import that breaks the hash chain is refused whole', async ({ store, now }) => {
    const exported = await seed(store, now);
    const target = await makeStore({ clock: () => new Date('2030-01-01T00:00:00.000Z') });
    try {
      const alteredData = exported.map((e) => (e.position === 3 ? { ...e, data: { nested: 'changed' } } : e));
      await rejectsWith(target.store.importRecorded(alteredData), ImportError);
      const alteredHash = exported.map((e) => (e.position === 5 ? { ...e, hash: '1'.repeat(64) } : e));
      await rejectsWith(target.store.importRecorded(alteredHash), ImportError);
      const alteredTime = exported.map((e) => (e.position === 2 ? { ...e, recordedAt: '2024-03-01T10:00:01.000Z' } : e));
      await rejectsWith(target.store.importRecorded(alteredTime), ImportError);
      assert.equal(await target.store.head(), { position: 0, hash: GENESIS_HASH }, 'nothing written');
      assert.equal(await collect(target.store.readAll()), []);
    } finally {
      await target.cleanup();
    }
  });

  test('an import that does not continue the log is refused', async ({ store, now }) => {
    const exported = await seed(store, now);
    await rejectsWith(store.importRecorded(exported), ImportError);
    await rejectsWith(store.importRecorded(exported.slice(6)), ImportError);
    assert.equal((await store.head()).position, 7);
    const target = await makeStore({ clock: () => new Date('2030-01-01T00:00:00.000Z') });
    try {
      await rejectsWith(target.store.importRecorded(exported.slice(1)), ImportError);
      const skipped = [exported[0]!, exported[2]!];
      await rejectsWith(target.store.importRecorded(skipped), ImportError);
      assert.equal((await target.store.head()).position, 0);
      await target.store.importRecorded(exported.slice(0, 2));
      await rejectsWith(target.store.importRecorded(exported.slice(0, 2)), ImportError);
      await target.store.appendToStream('other', [ev('x')]);
      await rejectsWith(target.store.importRecorded(exported.slice(2)), ImportError);
      assert.equal((await target.store.head()).position, 3);
      assert.is((await target.store.verify()).ok, true);
    } finally {
      await target.cleanup();
    }
  });

  return test;
}
