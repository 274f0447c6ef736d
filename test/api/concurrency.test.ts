// Concurrent writes over HTTP: optimistic concurrency decides, never last-writer-wins.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const concurrency = suite<{ h: Harness }>('api concurrency');

loudHooks(concurrency);
concurrency.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
});
concurrency.after(async (ctx) => {
  await ctx.h.stop();
});

const C = `/api/programmes/${P}/contributions`;

function correction(quantity: string, expectedVersion: number) {
  const { id: _, ...content } = staffTime('x', { quantity });
  return { ...content, expectedVersion, reason: `corrigé à ${quantity} h` };
}

concurrency('two concurrent corrections at the same expected version: exactly one wins, the other gets 409', async ({ h }) => {
  const rounds = 15;
  for (let round = 0; round < rounds; round++) {
    const id = `race-${round}`;
    assert.is((await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime(id) })).status, 201);
    const [a, b] = await Promise.all([
      call(h.url, 'POST', `${C}/${id}/corrections`, { token: h.tokens.partner, body: correction('3', 1) }),
      call(h.url, 'POST', `${C}/${id}/corrections`, { token: h.tokens.coordinator, body: correction('4', 1) }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.equal(statuses, [200, 409], `round ${round}: ${a.status} ${b.status}`);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    assert.ok(loser.contentType.startsWith('application/problem+json'));
    assert.is(winner.json.version, 2);
    // The ledger holds exactly the winner's correction.
    const detail = await call(h.url, 'GET', `${C}/${id}`, { token: h.tokens.auditor });
    assert.is(detail.json.version, 2);
    assert.is(detail.json.history.length, 2);
    assert.is(detail.json.quantity, winner === a ? '3' : '4');
  }
});

concurrency('concurrent validation and withdrawal at the same version: one wins', async ({ h }) => {
  const id = 'race-review';
  assert.is((await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime(id) })).status, 201);
  const [validate, withdraw] = await Promise.all([
    call(h.url, 'POST', `${C}/${id}/validation`, { token: h.tokens.coordinator, body: { expectedVersion: 1 } }),
    call(h.url, 'POST', `${C}/${id}/withdrawal`, { token: h.tokens.partner, body: { expectedVersion: 1, reason: 'erreur' } }),
  ]);
  assert.equal([validate.status, withdraw.status].sort(), [200, 409]);
  const detail = await call(h.url, 'GET', `${C}/${id}`, { token: h.tokens.auditor });
  assert.is(detail.json.version, 2);
});

concurrency('the same recording sent ten times at once: one event, ten identical 201 answers', async ({ h }) => {
  const before = (await h.socle.store.head()).position;
  const answers = await Promise.all(Array.from({ length: 10 }, () => call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('burst') })));
  for (const a of answers) {
    assert.is(a.status, 201, a.text);
    assert.equal(a.json, { id: 'burst', version: 1, value: '30.63', review: 'pending' });
  }
  assert.is((await h.socle.store.head()).position, before + 1);
});

concurrency('one id recorded at once with different contents: one 201, the others 409', async ({ h }) => {
  const before = (await h.socle.store.head()).position;
  const answers = await Promise.all(
    ['1', '2', '3', '4', '5'].map((q) => call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('clash', { quantity: q }) })),
  );
  const statuses = answers.map((a) => a.status).sort();
  assert.equal(statuses, [201, 409, 409, 409, 409]);
  assert.is((await h.socle.store.head()).position, before + 1);
});

concurrency.run();
