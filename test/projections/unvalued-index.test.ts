// The unvalued index: entries replaced and removed by id, listed by id after every change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { UnvaluedIndex, type UnvaluedEntry } from '../../src/read-model/unvalued-index.ts';

const entry = (contributionId: string, reason = 'no rate'): UnvaluedEntry => ({
  key: contributionId, contributionId, partnerId: 'p', reason, status: 'actual', year: 2024, actionId: null, validated: false,
});

test('lists entries by contribution id after every change, the latest entry for an id', () => {
  const index = new UnvaluedIndex();
  index.set(entry('c-2'));
  index.set(entry('c-10'));
  assert.equal(index.inOrder().map((e) => e.contributionId), ['c-10', 'c-2']);
  index.set(entry('c-1'));
  index.set(entry('c-2', 'later reason'));
  assert.equal(index.inOrder().map((e) => [e.contributionId, e.reason]), [['c-1', 'no rate'], ['c-10', 'no rate'], ['c-2', 'later reason']]);
  index.delete('c-10');
  index.delete('absent');
  assert.equal(index.inOrder().map((e) => e.contributionId), ['c-1', 'c-2']);
  assert.is(index.size, 2);
  assert.ok(index.has('c-1') && !index.has('c-10'));
});

test('matches a plain set of ids sorted on demand, over arbitrary sequences of changes', () => {
  const op = fc.record({ add: fc.boolean(), id: fc.string({ maxLength: 3 }), look: fc.boolean() });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const index = new UnvaluedIndex();
      const ids = new Set<string>();
      for (const { add, id, look } of ops) {
        if (add) (index.set(entry(id)), ids.add(id));
        else (index.delete(id), ids.delete(id));
        if (look) assert.equal(index.inOrder().map((e) => e.contributionId), [...ids].sort());
      }
      assert.equal(index.inOrder().map((e) => e.contributionId), [...ids].sort());
    }),
  );
});

test.run();
