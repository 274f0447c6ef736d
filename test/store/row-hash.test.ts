// rowHash (the fast path over canonical text) must equal chainHash (the definition) for any event.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../src/store/hash-chain.ts';
import { rowHash } from '../../src/store/row-hash.ts';

const eventArbitrary = fc.record({
  position: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  stream: fc.string({ minLength: 1, unit: 'binary' }),
  streamVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  id: fc.string({ minLength: 1, unit: 'binary' }),
  type: fc.string({ minLength: 1, unit: 'binary' }),
  schemaVersion: fc.integer({ min: 1, max: 1000 }),
  data: fc.jsonValue(),
  metadata: fc.record(
    { actor: fc.string({ unit: 'binary' }), role: fc.string(), correlationId: fc.uuid(), requestId: fc.string({ unit: 'binary' }) },
    { requiredKeys: ['actor', 'role'] },
  ),
  recordedAt: fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
});

test('rowHash over canonical text equals chainHash for any event', () => {
  fc.assert(
    fc.property(fc.constantFrom(GENESIS_HASH, 'ab'.repeat(32)), eventArbitrary, (previous, event) => {
      const row = { ...event, data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) };
      assert.is(rowHash(previous, row), chainHash(previous, event));
    }),
    { numRuns: 2000 },
  );
});

test('rowHash changes when any field changes', () => {
  const row = { position: 1, stream: 's', streamVersion: 1, id: 'a', type: 'T', schemaVersion: 1, data: '{"n":1}', metadata: '{"actor":"a","role":"r"}', recordedAt: '2024-01-01T00:00:00.000Z' };
  const base = rowHash(GENESIS_HASH, row);
  const variants = [
    { ...row, position: 2 },
    { ...row, stream: 't' },
    { ...row, streamVersion: 2 },
    { ...row, id: 'b' },
    { ...row, type: 'U' },
    { ...row, schemaVersion: 2 },
    { ...row, data: '{"n":2}' },
    { ...row, metadata: '{"actor":"b","role":"r"}' },
    { ...row, recordedAt: '2024-01-01T00:00:00.001Z' },
  ];
  for (const variant of variants) assert.is.not(rowHash(GENESIS_HASH, variant), base);
  assert.is.not(rowHash('1'.repeat(64), row), base);
});

test.run();
