// Read-your-writes across servers on one store (issue 20): two servers on one SQLite data folder. A
// write on one answers its position (X-Socle-Position); a read on the other that sends it back
// (minPosition, query or header) holds the write, or is a 503 with Retry-After after a bounded wait.
// A partner may send back only a position it may be shown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { Socle } from '../../src/app/socle.ts';
import { TokenStore } from '../../src/auth/token-store.ts';
import { call, createTokens, P, setUpProgramme, staffTime, type Harness, type Tokens } from './helpers.ts';

interface Two {
  dir: string;
  tokens: Tokens;
  first: { url: string; socle: Socle; server: RunningServer };
  second: { url: string; socle: Socle; server: RunningServer };
}

const test = suite<{ two: Two }>('read your writes');

test.before(async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-ryw-'));
  const tokenStore = TokenStore.open({ dataDir: dir });
  const tokens = createTokens(tokenStore);
  const open = async () => {
    const socle = await Socle.open({ dataDir: dir });
    const server = await startServer({ socle, tokens: tokenStore, host: '127.0.0.1', port: 0, webDir: null });
    return { url: server.url, socle, server };
  };
  ctx.two = { dir, tokens, first: await open(), second: await open() };
});

test.after(async ({ two }) => {
  await two.first.server.close();
  await two.second.server.close();
  rmSync(two.dir, { recursive: true, force: true });
});

test('a write on one server, read at once on the other with its position, holds the write', async ({ two }) => {
  const { first, second, tokens } = two;
  await setUpProgramme({ url: first.url, tokens } as Harness);
  for (let i = 0; i < 5; i++) {
    const id = `ryw-${i}`;
    const written = await call(first.url, 'POST', `/api/programmes/${P}/contributions`, { token: tokens.partner, body: staffTime(id) });
    assert.is(written.status, 201);
    const position = Number(written.headers.get('x-socle-position'));
    assert.is(position, (await first.socle.store.head()).position, 'the write answers its own position');
    // Half by the query, half by the header.
    const read =
      i % 2 === 0
        ? await call(second.url, 'GET', `/api/programmes/${P}/contributions/${id}?minPosition=${position}`, { token: tokens.partner })
        : await call(second.url, 'GET', `/api/programmes/${P}/contributions/${id}`, { token: tokens.partner, headers: { 'x-socle-min-position': String(position) } });
    assert.is(read.status, 200, read.text);
    assert.is(read.json.value, '30.63'); // 2.5 h × 12.25 € = 30.625 → 30.63
    assert.ok(read.json.asOf.position >= position);
  }
  // The same request again writes nothing and answers a position that holds the first write.
  const again = await call(first.url, 'POST', `/api/programmes/${P}/contributions`, { token: tokens.partner, body: staffTime('ryw-0') });
  assert.is(again.status, 201);
  const read = await call(second.url, 'GET', `/api/programmes/${P}/contributions/ryw-0?minPosition=${again.headers.get('x-socle-position')}`, { token: tokens.partner });
  assert.is(read.status, 200);
  // Every write answers its position: a correction, a validation, a set-up.
  const corrected = await call(first.url, 'POST', `/api/programmes/${P}/contributions/ryw-1/corrections`, {
    token: tokens.partner,
    body: { ...staffTime('ryw-1', { quantity: '4' }), id: undefined, expectedVersion: 1, reason: 'feuille de temps' },
  });
  assert.is(Number(corrected.headers.get('x-socle-position')), (await first.socle.store.head()).position);
  const site = await call(first.url, 'POST', `/api/programmes/${P}/sites`, { token: tokens.coordinator, body: { id: 's9', name: 'Médiathèque' } });
  assert.is(Number(site.headers.get('x-socle-position')), (await first.socle.store.head()).position);
  const setUp = await call(second.url, 'GET', `/api/programmes/${P}?minPosition=${site.headers.get('x-socle-position')}`, { token: tokens.auditor });
  assert.ok(setUp.json.sites.some((s: { id: string }) => s.id === 's9'));
});

test('bad positions are 400 at once; a partner names only its own; a server that cannot reach a position in 2 s answers 503 with Retry-After', async ({ two }) => {
  const { first, second, tokens } = two;
  const head = (await first.socle.store.head()).position;
  const beyond = await call(second.url, 'GET', `/api/programmes/${P}/totals?minPosition=${head + 10}`, { token: tokens.auditor });
  assert.is(beyond.status, 400, 'no write ever answered a position the store does not hold');
  assert.is((await call(second.url, 'GET', `/api/programmes/${P}/totals?minPosition=douze`, { token: tokens.auditor })).status, 400);

  // The other partner's write: the same 403 as a position beyond the head, at once.
  const theirs = await call(first.url, 'POST', `/api/programmes/${P}/contributions`, { token: tokens.otherPartner, body: staffTime('theirs', { partnerId: 'asso' }) });
  const theirPosition = Number(theirs.headers.get('x-socle-position'));
  const refusals = [];
  for (const position of [theirPosition, theirPosition + 50]) {
    const a = await call(second.url, 'GET', `/api/programmes/${P}/totals?minPosition=${position}`, { token: tokens.partner });
    assert.is(a.status, 403);
    refusals.push(a.json.detail.replace(String(position), 'N'));
  }
  assert.is(refusals[0], refusals[1]);
  // Its own, and the programme's set-up, are fine.
  const mine = await call(first.url, 'POST', `/api/programmes/${P}/contributions`, { token: tokens.partner, body: staffTime('mine-2') });
  assert.is((await call(second.url, 'GET', `/api/programmes/${P}/totals?minPosition=${mine.headers.get('x-socle-position')}`, { token: tokens.partner })).status, 200);
  assert.is((await call(second.url, 'GET', `/api/programmes/${P}?minPosition=1`, { token: tokens.partner })).status, 200);

  // The second server stops following the store (as one stuck behind would): a write on the first is beyond its reach.
  await second.socle.live.stop();
  const late = await call(first.url, 'POST', `/api/programmes/${P}/contributions`, { token: tokens.partner, body: staffTime('late') });
  const started = Date.now();
  const waited = await call(second.url, 'GET', `/api/programmes/${P}/contributions/late?minPosition=${late.headers.get('x-socle-position')}`, { token: tokens.partner });
  const ms = Date.now() - started;
  assert.is(waited.status, 503);
  assert.is(waited.headers.get('retry-after'), '1');
  assert.match(waited.json.detail, /réessayez/);
  assert.ok(ms >= 1_900 && ms < 4_000, `waited ${ms} ms`);
});

test('a partner may wait for its programme’s service facts, never for a scenario (each stream judged as its own, no 500)', async ({ two }) => {
  // The first server: the second stopped following the store in the test above.
  const { first, tokens } = two;
  // Given a schedule the partner sets on its own site, and a scenario the coordination drafts
  const schedule = await call(first.url, 'POST', `/api/programmes/${P}/service/schedules`, {
    token: tokens.partner,
    body: { id: 'ryw-h1', siteId: 's1', axisId: 'ax1', hoursPerWeek: '6', from: '2023-01-01', until: '2024-08-31' },
  });
  assert.is(schedule.status, 201, schedule.text);
  const scenario = await call(first.url, 'POST', `/api/programmes/${P}/scenarios`, { token: tokens.coordinator, body: { id: 'ryw-sc', title: 'Hypothèse' } });
  assert.is(scenario.status, 201, scenario.text);
  // When the partner reads with each position, then the service fact's is its own to wait for
  const afterSchedule = await call(first.url, 'GET', `/api/programmes/${P}/totals?minPosition=${schedule.headers.get('x-socle-position')}`, { token: tokens.partner });
  assert.is(afterSchedule.status, 200, afterSchedule.text);
  // and the scenario's is the same 403 as another partner's write
  const afterScenario = await call(first.url, 'GET', `/api/programmes/${P}/totals?minPosition=${scenario.headers.get('x-socle-position')}`, { token: tokens.partner });
  assert.is(afterScenario.status, 403, afterScenario.text);
});

test.run();
