// Contribution identities (issue 20): programme, partner and the client's id. A partner recording
// with an id another partner took gets what a free id gets (so it cannot probe), a programme's id
// never blocks another programme's, and a ledger written before (streams `contribution-<id>`) keeps
// working: its contributions are read, corrected, validated and repeated where they are.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toNewEvents } from '../../src/app/to-new-events.ts';
import { legacyContributionStream } from '../../src/domain/events.ts';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const test = suite<{ h: Harness }>('contribution identities');
test.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
  await setUpProgramme(ctx.h, 'p2');
});
test.after(async ({ h }) => h.stop());

const C = `/api/programmes/${P}/contributions`;

test('a partner recording with an id another partner took gets what a free id gets; each sees its own', async ({ h }) => {
  const ccas = await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('acte3-0900') });
  assert.is(ccas.status, 201);
  assert.equal(ccas.json, { id: 'acte3-0900', version: 1, value: '30.63', review: 'pending' }); // 2.5 h × 12.25 € = 30.625 → 30.63
  const head = (await h.socle.store.head()).position;
  // The same content for asso, under the id ccas took and under a free one: the same answer.
  const body = (id: string) => staffTime(id, { partnerId: 'asso' });
  const taken = await call(h.url, 'POST', C, { token: h.tokens.otherPartner, body: body('acte3-0900') });
  const free = await call(h.url, 'POST', C, { token: h.tokens.otherPartner, body: body('acte3-0901') });
  assert.is(taken.status, 201);
  assert.is(free.status, 201);
  assert.equal({ ...taken.json, id: 'ID' }, { ...free.json, id: 'ID' });
  assert.is((await h.socle.store.head()).position, head + 2, 'two contributions written, none refused');

  // Each partner reads its own under the id; ccas's is untouched.
  assert.is((await call(h.url, 'GET', `${C}/acte3-0900`, { token: h.tokens.partner })).json.partnerId, 'ccas');
  assert.is((await call(h.url, 'GET', `${C}/acte3-0900`, { token: h.tokens.otherPartner })).json.partnerId, 'asso');
  // The roles that see every partner's name the partner when two chose one id.
  const ambiguous = await call(h.url, 'GET', `${C}/acte3-0900`, { token: h.tokens.auditor });
  assert.is(ambiguous.status, 400);
  assert.is(ambiguous.json.errors[0].path, 'query.partnerId');
  assert.is((await call(h.url, 'GET', `${C}/acte3-0900?partnerId=asso`, { token: h.tokens.auditor })).json.partnerId, 'asso');
  assert.is((await call(h.url, 'GET', `${C}/acte3-0901`, { token: h.tokens.auditor })).json.partnerId, 'asso', 'one of that id: no partner needed');
  const validated = await call(h.url, 'POST', `${C}/acte3-0900/validation?partnerId=ccas`, { token: h.tokens.coordinator, body: { expectedVersion: 1 } });
  assert.is(validated.status, 200);
  assert.is((await call(h.url, 'GET', `${C}/acte3-0900`, { token: h.tokens.otherPartner })).json.review, 'pending', "asso's is not ccas's");
  // Totals count both: 30.63 each.
  assert.is((await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token: h.tokens.auditor })).json.total, '91.89'); // 3 × 30.63
});

test("an id in one programme never blocks the same id in another", async ({ h }) => {
  const first = await call(h.url, 'POST', `/api/programmes/p2/contributions`, { token: h.tokens.partner, body: staffTime('acte3-0900', { quantity: '4' }) });
  assert.is(first.status, 201);
  assert.is(first.json.value, '49.00'); // 4 h × 12.25 €
  assert.is((await call(h.url, 'GET', `/api/programmes/p2/contributions/acte3-0900`, { token: h.tokens.partner })).json.quantity, '4');
  assert.is((await call(h.url, 'GET', `${C}/acte3-0900`, { token: h.tokens.partner })).json.quantity, '2.5');
});

test('a correction does not move a contribution to another partner (its identity holds the partner)', async ({ h }) => {
  const head = (await h.socle.store.head()).position;
  const moved = await call(h.url, 'POST', `${C}/acte3-0901/corrections`, {
    token: h.tokens.coordinator,
    body: { ...staffTime('acte3-0901', { partnerId: 'ccas' }), id: undefined, expectedVersion: 1, reason: 'mauvais partenaire' },
  });
  assert.is(moved.status, 400);
  assert.is(moved.json.errors[0].path, 'partnerId');
  assert.is((await h.socle.store.head()).position, head);
});

test('a ledger written before identities were scoped keeps its contributions where they are', async ({ h }) => {
  // As an older Socle wrote it: stream contribution-<id>.
  const stream = legacyContributionStream('ancien-1');
  const content = { partnerId: 'ccas', kind: 'staff_time' as const, status: 'actual' as const, date: '2024-03-01', unit: 'hour' as const, quantity: '2', actionId: 'a1' };
  await h.socle.store.appendToStream(stream, toNewEvents([{ type: 'ContributionRecorded', data: { programmeId: P, contributionId: 'ancien-1', content } }], { name: 'ancien', role: 'partner', partnerId: 'ccas' }), {
    expectedStreamVersion: 'no_stream',
  });
  const head = (await h.socle.store.head()).position;
  const read = await call(h.url, 'GET', `${C}/ancien-1?minPosition=${head}`, { token: h.tokens.partner });
  assert.is(read.status, 200);
  assert.is(read.json.value, '24.50'); // 2 h × 12.25 €
  // The same recording again: nothing written; a correction and a validation go to its own stream.
  const again = await call(h.url, 'POST', C, { token: h.tokens.partner, body: { id: 'ancien-1', ...content } });
  assert.is(again.status, 201);
  assert.is((await h.socle.store.head()).position, head);
  const corrected = await call(h.url, 'POST', `${C}/ancien-1/corrections`, { token: h.tokens.partner, body: { ...content, quantity: '3', expectedVersion: 1, reason: 'feuille de temps' } });
  assert.is(corrected.status, 200);
  assert.equal(corrected.json, { id: 'ancien-1', version: 2, value: '36.75', review: 'pending' }); // 3 h × 12.25 €
  assert.is((await call(h.url, 'POST', `${C}/ancien-1/validation`, { token: h.tokens.coordinator, body: { expectedVersion: 2 } })).status, 200);
  const events = (await h.socle.store.readStream(stream)).events.map((e) => e.type);
  assert.equal(events, ['ContributionRecorded', 'ContributionCorrected', 'ContributionValidated']);
  // Another partner may take the id: its own identity.
  assert.is((await call(h.url, 'POST', C, { token: h.tokens.otherPartner, body: { id: 'ancien-1', ...content, partnerId: 'asso' } })).status, 201);
  assert.is((await call(h.url, 'GET', `${C}/ancien-1`, { token: h.tokens.partner })).json.review, 'validated');
});

test.run();
