// The differencing attack of issue 20, played by a curious partner (ccas) against a real server:
// it reads every route it can reach at every position of the log (asOf = 1 … head + 2) and polls the
// live answers after each of the others' writes, then tries to tell taken ids from free ones. It
// must learn nothing of the other partners but the documented aggregate (docs/api.md,
// "Confidentialité"): one "autres partenaires" line per filter of the totals document, as of the
// latest publication, which moves only at publications.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, startHarness, type Answer, type Harness } from './helpers.ts';

const api = suite<{ h: Harness }>('privacy');
api.before(async (ctx) => {
  ctx.h = await startHarness();
});
api.after(async ({ h }) => h.stop());

const base = `/api/programmes/${P}`;
type Kind = 'public' | 'own' | 'other' | 'publication';

/** Every filter of the totals document a partner may ask. */
const FILTERS = ['', 'status=planned', 'year=2024', 'year=2025', 'actionId=a1', 'actionId=a2', 'include=validated', 'status=actual&include=validated&actionId=a2'];
/**
 * What must never appear in anything the partner reads: the others' contribution ids, their rate
 * and its basis, any row or line of theirs (the list of the programme's partners is public set-up).
 */
const SECRETS = ['"x1"', '"x2"', '"x3"', '"x4"', '"k1"', 'r-asso-paie', 'fiche de paie', '"partnerId":"asso"', '"partnerId":"caf"'];

api('a partner differencing every read at every position and polling the head recovers only the published aggregate', async ({ h }) => {
  await setUpProgramme(h);
  const kinds = new Map<number, Kind>();
  for (let n = 1; n <= (await h.socle.store.head()).position; n++) kinds.set(n, 'public');
  const coord = h.tokens.coordinator;
  const me = h.tokens.partner; // ccas
  const asso = h.tokens.otherPartner;

  // The others' own rate: a payroll cost the partner must not see.
  const polls: { kind: Kind; answers: string[] }[] = [];
  const live = async () =>
    Promise.all([
      call(h.url, 'GET', `${base}/totals`, { token: me }),
      call(h.url, 'GET', `${base}/totals?include=validated&actionId=a2`, { token: me }),
      call(h.url, 'GET', base, { token: me }),
      call(h.url, 'GET', '/api/programmes', { token: me }),
      call(h.url, 'GET', `${base}/contributions`, { token: me }),
    ]).then((answers) => answers.map((a) => a.text));
  const step = async (kind: Kind, token: string, path: string, body: object) => {
    const a = await call(h.url, 'POST', base + path, { token, body });
    assert.ok(a.status === 200 || a.status === 201, `${path}: ${a.status} ${a.text}`);
    kinds.set((await h.socle.store.head()).position, kind);
    polls.push({ kind, answers: await live() });
  };
  const staff = (id: string, partnerId: string, quantity: string, extra: object = {}) => ({
    id, partnerId, kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity, actionId: 'a1', ...extra,
  });

  polls.push({ kind: 'public', answers: await live() });
  // A rate for another partner is its business: its position is not the partner's to read at.
  await step('other', coord, '/rates', { id: 'r-asso-paie', kind: 'staff_time', unit: 'hour', amount: '20.00', validFrom: '2023-01-01', partnerId: 'asso', basis: 'fiche de paie 2024' });
  await step('other', asso, '/contributions', staff('x1', 'asso', '2')); // 2 h × 20.00 = 40.00
  await step('own', me, '/contributions', staff('m1', 'ccas', '2.5')); // 2.5 h × 12.25 = 30.625 → 30.63
  await step('publication', h.tokens.treasurer, '/publications', { id: 'pub1', note: 'COPIL de mars' });
  await step('other', asso, '/contributions', { id: 'x2', partnerId: 'asso', kind: 'cash', status: 'actual', date: '2024-05-02', amount: '500', actionId: 'a2' });
  await step('other', asso, '/contributions', { id: 'x3', partnerId: 'asso', kind: 'volunteer_time', status: 'actual', date: '2024-06-01', quantity: '3' }); // no rate: unvalued
  await step('other', asso, '/contributions/x1/corrections', { ...staff('x1', 'asso', '4'), id: undefined, expectedVersion: 1, reason: 'feuille de temps' }); // 80.00
  await step('own', me, '/contributions', { id: 'm2', partnerId: 'ccas', kind: 'premises', status: 'actual', date: '2024-04-01', quantity: '1', actionId: 'a2' }); // 40.00
  await step('other', coord, '/contributions/x2/validation', { expectedVersion: 1 });
  await step('other', coord, '/contributions', { id: 'k1', partnerId: 'caf', kind: 'cash', status: 'planned', date: '2025-01-10', amount: '1200' });
  await step('publication', coord, '/publications', { id: 'pub2' });
  await step('other', asso, '/contributions/x2/withdrawal', { expectedVersion: 2, reason: 'convention annulée' });
  await step('own', coord, '/contributions/m2/validation', { expectedVersion: 1 });
  await step('other', asso, '/contributions', staff('x4', 'asso', '1'));
  const head = (await h.socle.store.head()).position;
  const pub1 = [...kinds].find(([, k]) => k === 'publication')![0];
  const pub2 = [...kinds].filter(([, k]) => k === 'publication')[1]![0];

  // Polling the head: no write of the others moves any byte of what the partner reads live.
  for (let i = 1; i < polls.length; i++)
    if (polls[i]!.kind === 'other') assert.equal(polls[i]!.answers, polls[i - 1]!.answers, `live answers moved after the others' write #${i}`);

  // Every position, every read route with asOf.
  const seen: { n: number; answers: Answer[] }[] = [];
  let refusal: string | undefined;
  for (let n = 1; n <= head + 2; n++) {
    // One at a time: a token has at most two as-of reads in flight (read-limits.ts).
    const answers: Answer[] = [];
    for (const path of [
      ...FILTERS.map((f) => `${base}/totals?asOf=${n}${f ? `&${f}` : ''}`),
      `${base}?asOf=${n}`,
      `${base}/contributions?asOf=${n}`,
      `${base}/contributions/m1?asOf=${n}`,
    ])
      answers.push(await call(h.url, 'GET', path, { token: me }));
    const allowed = kinds.get(n) === 'public' || kinds.get(n) === 'own' || kinds.get(n) === 'publication';
    for (const a of answers) {
      if (allowed && a.status === 404) continue; // m1 before it was recorded
      assert.is(a.status, allowed ? 200 : 403, `asOf=${n} (${kinds.get(n) ?? 'beyond the head'}): ${a.text}`);
      if (!allowed) {
        // One refusal, word for word, whatever the position: the others' events, the head, alike.
        const words = JSON.stringify({ ...a.json, requestId: undefined, detail: a.json.detail.replace(String(n), 'N') });
        refusal ??= words;
        assert.is(words, refusal);
      }
    }
    if (allowed) seen.push({ n, answers });
  }
  for (const { answers } of seen) for (const a of answers) for (const secret of SECRETS) assert.not.ok(a.text.includes(secret), `${secret} in ${a.text}`);

  // What the partner learns of the others, per filter and position: the aggregate of the latest
  // publication, worked out by hand. At pub1: x1 (2 h × 20.00 = 40.00, a1, pending). At pub2: x1
  // corrected (4 h × 20.00 = 80.00, a1), x2 cash 500.00 (a2, validated), x3 unvalued (no action),
  // k1 caf planned 1200.00 (2025).
  const expected = (filter: string, n: number) => {
    if (n < pub1) return null;
    const at1 = n < pub2;
    const table: Record<string, [inKind: string, cash: string, unvalued: number]> = at1
      ? { '': ['40.00', '0.00', 0], 'status=planned': ['0.00', '0.00', 0], 'year=2024': ['40.00', '0.00', 0], 'year=2025': ['0.00', '0.00', 0], 'actionId=a1': ['40.00', '0.00', 0], 'actionId=a2': ['0.00', '0.00', 0], 'include=validated': ['0.00', '0.00', 0], 'status=actual&include=validated&actionId=a2': ['0.00', '0.00', 0] }
      : { '': ['80.00', '500.00', 1], 'status=planned': ['0.00', '1200.00', 0], 'year=2024': ['80.00', '500.00', 1], 'year=2025': ['0.00', '0.00', 0], 'actionId=a1': ['80.00', '0.00', 0], 'actionId=a2': ['0.00', '500.00', 0], 'include=validated': ['0.00', '500.00', 0], 'status=actual&include=validated&actionId=a2': ['0.00', '500.00', 0] };
    const [inKind, cash, unvalued] = table[filter]!;
    return { inKind, cash, unvalued, publication: at1 ? { id: 'pub1', position: pub1, note: 'COPIL de mars' } : { id: 'pub2', position: pub2 } };
  };
  let checked = 0;
  for (const { n, answers } of seen) {
    FILTERS.forEach((f, i) => {
      const doc = answers[i]!.json;
      assert.is(doc.asOf.position, n, 'an allowed position is its own stamp');
      const want = expected(f, n);
      if (want === null) assert.is(doc.others, null);
      else {
        const { total: _t, share: _s, ...others } = doc.others;
        assert.equal(others, want, `others at asOf=${n} for "${f}"`);
      }
      assert.ok(doc.byPartner.every((p: { partnerId: string }) => p.partnerId === 'ccas'), 'no other partner is named');
      checked++;
    });
  }
  // 10 set-up events, 3 of its own, 2 publications: 15 positions it may read at.
  assert.is(seen.length, 15);
  assert.is(checked, FILTERS.length * 15);
  // The partner's own line at the head: m1 30.63 + m2 40.00, live; the others' as of pub2.
  const now = (await call(h.url, 'GET', `${base}/totals`, { token: me })).json;
  assert.is(now.asOf.position, head - 1, 'stamped at its last own event (m2 validated), not at the head');
  assert.equal(now.byPartner, [{ partnerId: 'ccas', inKind: '70.63', cash: '0.00', total: '70.63', share: '10.86' }]);
  assert.is(now.total, '650.63'); // 70.63 + 80.00 + 500.00
  assert.is(now.others.share, '89.14'); // 580 / 650.63 = 89.144…% ; 70.63 / 650.63 = 10.855…%

  // The programme's rates: the others' own rate is hidden, the public ones are there.
  const programme = (await call(h.url, 'GET', base, { token: me })).json;
  assert.equal(programme.rates.map((r: { id: string }) => r.id), ['r-staff', 'r-room']);
  assert.equal(programme.publications.map((p: { id: string }) => p.id), ['pub1', 'pub2']);
  assert.ok((await call(h.url, 'GET', base, { token: h.tokens.auditor })).json.rates.some((r: { id: string }) => r.id === 'r-asso-paie'));
  assert.is((await call(h.url, 'GET', '/api/programmes', { token: me })).json.programmes[0].contributions, 2, 'its own two, not the seven');

  // Taken and free ids answer alike, for every route that names a contribution.
  const same = async (method: string, suffix: string, body?: object) => {
    for (const taken of ['x1', 'x3', 'k1']) {
      const a = await call(h.url, method, `${base}/contributions/${taken}${suffix}`, { token: me, body });
      const b = await call(h.url, method, `${base}/contributions/free-${taken}${suffix}`, { token: me, body });
      assert.is(a.status, 404, `${method} ${taken}${suffix}`);
      assert.is(a.status, b.status);
      assert.is(a.json.detail.replace(taken, 'ID'), b.json.detail.replace(`free-${taken}`, 'ID'));
    }
  };
  await same('GET', '');
  await same('POST', '/withdrawal', { expectedVersion: 1, reason: 'curiosité' });
  await same('POST', '/corrections', { ...staff('z', 'ccas', '1'), id: undefined, expectedVersion: 1, reason: 'curiosité' });

  // What a partner may not reach at all.
  for (const path of [`${base}/budget`, ...['contributions', 'budget', 'funding-plan', 'journal'].map((w) => `${base}/exports/${w}.xlsx`), '/api/ledger/verify'])
    assert.is((await call(h.url, 'GET', path, { token: me })).status, 403, path);
  assert.is((await h.socle.store.head()).position, head, 'the probes wrote nothing');
});

api.run();
