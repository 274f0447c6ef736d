import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GENESIS_HASH } from '../../src/store/hash-chain.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { NewEvent } from '../../src/store/port.ts';
import { collect, ev, storeContract } from './contract.ts';
import { checkAppendProperty } from './log-property.ts';

storeContract('memory', async ({ clock }) => {
  const store = createMemoryStore({ clock });
  return { store, cleanup: () => store.close() };
}).run();

test('memory: any sequence of appends gives positions 1..n, a clean chain and repeatable reads', async () => {
  await checkAppendProperty(async () => {
    const store = createMemoryStore();
    return { store, cleanup: () => store.close() };
  }, 200);
});

test('malformed events are refused before anything is written', async () => {
  const store = createMemoryStore();
  const bad: [string, NewEvent][] = [
    ['empty id', { ...ev('x'), id: '' }],
    ['lone surrogate in the id', { ...ev('x'), id: 'a\uD800' }],
    ['schemaVersion 0', { ...ev('x'), schemaVersion: 0 }],
    ['data with NaN', ev('x', { n: Number.NaN })],
    ['data with a bigint', ev('x', { n: 1n })],
    ['metadata without an actor', { ...ev('x'), metadata: { role: 'coordinator' } as never }],
  ];
  for (const [what, event] of bad) {
    try {
      await store.appendToStream('s', [ev('ok'), event]);
      assert.unreachable(`${what} was accepted`);
    } catch (error) {
      assert.instance(error, TypeError, what);
    }
  }
  try {
    await store.appendToStream('', [ev('ok')]);
    assert.unreachable('an empty stream name was accepted');
  } catch (error) {
    assert.instance(error, TypeError);
  }
  assert.equal(await store.head(), { position: 0, hash: GENESIS_HASH });
  await store.close();
});

test('the store may be closed, after which it refuses work', async () => {
  const store = createMemoryStore();
  await store.appendToStream('s', [ev('a')]);
  const subscription = store.subscribe({ onEvent: () => {} });
  await subscription.caughtUp;
  await store.close();
  try {
    await store.appendToStream('s', [ev('b')]);
    assert.unreachable('append after close');
  } catch (error) {
    assert.match(String(error), /closed/);
  }
  try {
    await collect(store.readAll());
    assert.unreachable('read after close');
  } catch (error) {
    assert.match(String(error), /closed/);
  }
});

test.run();
