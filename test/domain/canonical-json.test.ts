// Our RFC 8785 writer against the `canonicalize` package, the oracle: the same text for every JSON
// value (hashes of every event depend on it), and the same refusals for what JSON cannot hold.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalJson } from '../../src/domain/canonical-json.ts';

const oracle = (value: unknown) => canonicalize(value);

test('equals canonicalize for arbitrary JSON values (ASCII strings)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.is(canonicalJson(value), oracle(value));
    }),
    { numRuns: 2000 },
  );
});

test('equals canonicalize for JSON values with any well-formed unicode in keys and strings', () => {
  fc.assert(
    fc.property(fc.jsonValue({ stringUnit: 'grapheme' }), (value) => {
      assert.is(canonicalJson(value), oracle(value));
    }),
    { numRuns: 2000 },
  );
  // Keys sorted by UTF-16 code units: astral characters (surrogate pairs) before U+E000…U+FFFF.
  const key = fc.string({ unit: 'binary', maxLength: 6 }).filter((k) => !/[\uD800-\uDFFF]/u.test(k));
  fc.assert(
    fc.property(fc.dictionary(key, fc.oneof(fc.string({ unit: 'binary' }).filter((s) => !/[\uD800-\uDFFF]/u.test(s)), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)), { maxKeys: 12 }), (value) => {
      assert.is(canonicalJson(value), oracle(value));
    }),
    { numRuns: 2000 },
  );
});

test('keys in code-unit order, numbers as ECMAScript writes them, strings escaped as JSON', () => {
  assert.is(canonicalJson({ b: 1, a: [true, null, 'x'], '\u00e9': 0, '\ud83d\ude00': 1, '\uff01': 2 }), '{"a":[true,null,"x"],"b":1,"é":0,"😀":1,"！":2}');
  assert.is(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 123456789012345680000]), '[1e+21,1e-7,0,0.30000000000000004,123456789012345680000]');
  assert.is(canonicalJson('quote " backslash \\ tab \t nul \u0000 line\u2028'), JSON.stringify('quote " backslash \\ tab \t nul \u0000 line\u2028'));
  assert.is(canonicalJson('\ud83d\ude00'), '"😀"');
});

test('objects of one shape, and of shapes sharing a first key, are written right whatever was written before', () => {
  // The writer remembers each shape's sorted keys by its first key: interleave shapes that share it.
  const values: Record<string, unknown>[] = [];
  for (let i = 0; i < 700; i++) {
    values.push({ z: i, a: 1 }, { z: i, b: 2, a: 1 }, { z: i, [`k${i}`]: 'x' }, { a: 1, z: i }, { z: i, a: undefined, '\ud800': undefined });
  }
  for (const value of values) assert.is(canonicalJson(value), oracle(value));
  for (const value of values.reverse()) assert.is(canonicalJson(value), oracle(value));
});

test('undefined properties are omitted and undefined array items written null, as JSON.stringify does', () => {
  const value = { a: undefined, b: [undefined, 1], c: { d: undefined } };
  assert.is(canonicalJson(value), '{"b":[null,1],"c":{}}');
  assert.is(canonicalJson(value), oracle(value));
  const date = { at: new Date(Date.UTC(2025, 2, 14)) };
  assert.is(canonicalJson(date), oracle(date));
});

test('refuses what JSON cannot hold: non-finite numbers, functions, bigints, lone surrogates, cycles, undefined', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  const cyclicArray: unknown[] = [1];
  cyclicArray.push([cyclicArray]);
  for (const bad of [NaN, Infinity, -Infinity, { n: NaN }, [Infinity], () => 1, { f: () => 1 }, 10n, { n: 10n }, '\ud800', { '\udc00': 1 }, ['a\ud83d'], cyclic, cyclicArray, undefined]) {
    assert.throws(() => canonicalJson(bad), undefined, String(typeof bad));
  }
  // The same object twice, but not inside itself, is no cycle.
  const shared = { x: 1 };
  assert.is(canonicalJson({ a: shared, b: [shared, shared] }), '{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
});

test.run();
