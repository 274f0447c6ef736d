// Reads as of an earlier position replay only from the nearest version kept before it: the same
// state as a replay from the first event, for a cost bounded by the interval between kept versions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Socle } from '../../src/app/socle.ts';
import { loadScenario } from '../../src/demo/load.ts';
import { demoScenario } from '../../src/demo/scenario.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore } from '../../src/store/port.ts';
import { encodeLedgerState } from '../../src/read-model/ledger-snapshot.ts';
import { ledgerProjection } from '../../src/read-model/ledger.ts';
import { RetainedVersions } from '../../src/read-model/retained-versions.ts';
import { replay } from '../../src/read-model/runner.ts';

test('kept versions: on a grid, thinned to every other one and the interval doubled when too many', () => {
  const kept = new RetainedVersions<string>(10, 4);
  const offer = (position: number) => {
    if (kept.wants(position)) kept.keep({ state: `s${position}`, position, hash: 'h' });
  };
  for (let p = 1; p <= 45; p++) offer(p);
  assert.equal(kept.positions, [10, 20, 30, 40]);
  offer(50); // five: the interval becomes 20, those on its grid stay
  assert.equal(kept.positions, [20, 40]);
  for (let p = 51; p <= 99; p++) offer(p);
  assert.equal(kept.positions, [20, 40, 60, 80]);
  offer(100); // five again: interval 40
  assert.equal(kept.positions, [40, 80]);
  assert.is(kept.nearest(39), undefined);
  assert.is(kept.nearest(79)?.position, 40);
  assert.is(kept.nearest(80)?.position, 80);
  assert.is(kept.nearest(1_000)?.position, 80);
});

/** Counts the events a store hands out, to measure what a read costs without timing it. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const readPages = store.readPages.bind(store);
  store.readPages = async function* (options) {
    for await (const page of readPages(options)) {
      read += page.length;
      yield page;
    }
  };
  return { store, read: () => read };
}

test('an as-of read from a kept version equals a replay from the first event, and reads only from that version on', async () => {
  const { store, read } = counting(createMemoryStore());
  const interval = 100;
  const socle = await Socle.onStore(store, undefined, { retainEvery: interval });
  try {
    await loadScenario(socle.commands, demoScenario());
    const head = (await store.head()).position;
    await socle.caughtUpTo(head);
    const kept = socle.retained.positions;
    assert.ok(kept.length >= 2, `only ${kept.length} versions kept`);
    const spacing = kept[1]! - kept[0]!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: head - 1 }), async (asOf) => {
        const before = read();
        const version = await socle.ledgerAt(asOf);
        const cost = read() - before;
        assert.is(version.position, asOf);
        const nearest = [...kept].reverse().find((p) => p <= asOf) ?? 0;
        // Asked before (the recent as-of cache) costs nothing; otherwise from the nearest kept version.
        assert.ok(cost === 0 || cost === asOf - nearest, `as of ${asOf}: read ${cost} events, the nearest kept version is at ${nearest}`);
        assert.ok(cost <= spacing, `as of ${asOf}: read ${cost} events, more than the ${spacing} between kept versions`);
        const full = await replay(store, ledgerProjection, { to: asOf });
        assert.is(version.hash, full.hash);
        const a = encodeLedgerState(version.state);
        const b = encodeLedgerState(full.state);
        assert.is(a.setUp, b.setUp);
        assert.is(a.ids, b.ids);
        assert.equal([...a.rows], [...b.rows]);
      }),
      { numRuns: 40 },
    );
  } finally {
    await socle.close();
  }
});

test.run();
