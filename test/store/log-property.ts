// A fast-check property shared by the embedded stores' suites: any sequence of batches appended to
// random streams (with retries of earlier batches mixed in) gives positions 1..n in order, stream
// versions 1..k per stream, data read back as written, a verify() that is ok, and two readAll
// replays that are equal.
import fc from 'fast-check';
import * as assert from 'uvu/assert';
import type { EventStore, NewEvent } from '../../src/store/port.ts';
import { collect } from './contract.ts';

const batchArbitrary = fc.record({
  stream: fc.constantFrom('programme-p1', 'programme-p2', 'contribution-c1', 'contribution-c2', 'contribution-c3'),
  data: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }),
  /** Retry the batch appended `retry` appends ago, if any. */
  retry: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
});

export async function checkAppendProperty(
  makeStore: () => Promise<{ store: EventStore; cleanup(): Promise<void> }>,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(batchArbitrary, { maxLength: 25 }), async (batches) => {
      const { store, cleanup } = await makeStore();
      try {
        const appended: { stream: string; events: NewEvent[]; lastPosition: number; version: number }[] = [];
        const expected: { stream: string; streamVersion: number; id: string; data: unknown }[] = [];
        const versions = new Map<string, number>();
        let nextId = 0;
        for (const batch of batches) {
          const events = batch.data.map((data) => ({
            id: `ev-${nextId++}`,
            type: 'ThingHappened',
            schemaVersion: 1,
            data,
            metadata: { actor: 'property', role: 'coordinator' },
          }));
          const result = await store.appendToStream(batch.stream, events);
          assert.is(result.alreadyStored, false);
          for (const event of events) {
            const streamVersion = (versions.get(batch.stream) ?? 0) + 1;
            versions.set(batch.stream, streamVersion);
            expected.push({ stream: batch.stream, streamVersion, id: event.id, data: event.data });
          }
          assert.is(result.lastPosition, expected.length);
          assert.is(result.nextExpectedStreamVersion, versions.get(batch.stream) ?? 0);
          if (events.length > 0) appended.push({ stream: batch.stream, events, lastPosition: result.lastPosition, version: result.nextExpectedStreamVersion });

          const earlier = batch.retry === undefined ? undefined : appended[appended.length - 1 - batch.retry];
          if (earlier) {
            const retried = await store.appendToStream(earlier.stream, earlier.events, { expectedStreamVersion: 'no_stream' });
            assert.equal(retried, { nextExpectedStreamVersion: earlier.version, lastPosition: earlier.lastPosition, alreadyStored: true });
          }
        }
        const first = await collect(store.readAll({ batchSize: 4 }));
        assert.equal(first.map((e) => e.position), expected.map((_, i) => i + 1));
        assert.equal(first.map((e) => ({ stream: e.stream, streamVersion: e.streamVersion, id: e.id, data: e.data })), expected);
        assert.equal(await collect(store.readAll()), first);
        const verified = await store.verify();
        assert.is(verified.ok, true);
        assert.is(verified.events, expected.length);
        assert.is(verified.headHash, (await store.head()).hash);
      } finally {
        await cleanup();
      }
    }),
    { numRuns },
  );
}
