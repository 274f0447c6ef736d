// The gate that runs as-of replays one at a time (src/app/work-gate.ts): arrival order, the slot
// handed straight to the next in line, a refusal past the queue's bound, and a failure that frees
// the slot all the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BusyError, WorkGate } from '../../src/app/work-gate.ts';
import { mapError } from '../../src/api/problem.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('given one slot, when three works arrive, then they run one at a time in arrival order', async () => {
  const gate = new WorkGate(1, 8);
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const work = (name: string, done: Promise<void>) =>
    gate.run(async () => {
      running += 1;
      most = Math.max(most, running);
      order.push(`start ${name}`);
      await done;
      order.push(`end ${name}`);
      running -= 1;
    });
  const [a, b, c] = [deferred(), deferred(), deferred()];
  const all = Promise.all([work('a', a.promise), work('b', b.promise), work('c', c.promise)]);
  assert.is(gate.queued, 2);
  c.resolve();
  b.resolve();
  a.resolve();
  await all;
  assert.is(most, 1);
  assert.equal(order, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.is(gate.queued, 0);
});

test('given a full queue, when one more arrives, then it is refused at once with a French message mapped to 503', async () => {
  const gate = new WorkGate(1, 1);
  const hold = deferred();
  const first = gate.run(() => hold.promise);
  const second = gate.run(async () => 'second');
  let refused: unknown;
  try {
    await gate.run(async () => 'third');
  } catch (error) {
    refused = error;
  }
  assert.instance(refused, BusyError);
  assert.match((refused as Error).message, 'réessayez');
  const mapped = mapError(refused);
  assert.is(mapped.status, 503);
  assert.equal(mapped.headers, { 'Retry-After': '1' });
  hold.resolve();
  await first;
  assert.is(await second, 'second');
});

test('given a work that fails, then the slot goes to the next one all the same', async () => {
  const gate = new WorkGate(1, 4);
  const failing = gate.run(async () => {
    throw new Error('boom');
  });
  const next = gate.run(async () => 'ran');
  const failure = await failing.then(
    () => undefined,
    (error: Error) => error.message,
  );
  assert.is(failure, 'boom');
  assert.is(await next, 'ran');
  assert.is(await gate.run(async () => 'free again'), 'free again');
});

test.run();
