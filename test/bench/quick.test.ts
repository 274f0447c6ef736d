// A smoke run of the benchmark's own parts on tiny ledgers, so that `npm run bench` cannot rot
// unnoticed: every figure must come out a positive number and the table must render. No timing is
// asserted (the machine decides those); what is asserted is that the harness measures real work:
// the generated ledger verifies and replays to the right position, the totals it reports are the
// ones `socle` computes, and the API measurements get the answers they expect.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { buildLedgers, ledgerEvents, PROGRAMME } from '../../bench/ledger.ts';
import { getTotals, postContributions } from '../../bench/load.ts';
import { getHealth, hammerAsOf } from '../../bench/as-of-load.ts';
import { allProjections } from '../../bench/projections.ts';
import { createToken, runExport, startSocle } from '../../bench/socle-process.ts';
import { runTask } from '../../bench/spawn.ts';
import { summarize } from '../../bench/stats.ts';
import { renderTable, type Row } from '../../bench/table.ts';
import { measureAppends } from '../../bench/tasks/appends.ts';
import { measurePeerWorkload } from '../../bench/tasks/peer.ts';
import { measureReplay } from '../../bench/tasks/replay.ts';
import { measureValuation } from '../../bench/tasks/valuation.ts';
import { Socle } from '../../src/app/socle.ts';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'socle-bench-test-'));
const positive = (value: number, what: string) => assert.ok(Number.isFinite(value) && value > 0, `${what} should be a positive number, got ${value}`);

loudHooks(test);
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('summaries: median, min and max of the runs', () => {
  assert.equal(summarize([3, 1, 2]), { median: 2, min: 1, max: 3, runs: 3 });
  assert.equal(summarize([4, 1, 2, 3]).median, 2.5);
  assert.throws(() => summarize([]));
  assert.throws(() => summarize([1, Number.NaN]));
});

test('the generator decides valid events: a deterministic ledger that verifies and replays', async () => {
  const first = [...take(ledgerEvents(3), 1500)];
  const again = [...take(ledgerEvents(3), 1500)];
  assert.equal(first, again, 'the same seed gives the same events');
  assert.ok(first.some((e) => e.event.type === 'ContributionValidated'), 'contributions go on living after they are recorded');

  const ledgers = await buildLedgers(dir, [1000, 2500]);
  const small = ledgers.get(1000)!;
  const large = ledgers.get(2500)!;
  assert.is(small.events, 1000);
  assert.is(large.events, 2500);
  assert.ok(large.contributions > small.contributions && small.contributions > 0);

  const store = createSqliteStore({ path: join(large.dataDir, SQLITE_FILE_NAME) });
  try {
    const verified = await store.verify();
    assert.equal({ ok: verified.ok, events: verified.events, headHash: verified.headHash }, { ok: true, events: 2500, headHash: large.headHash });
  } finally {
    await store.close();
  }
  // Built again from the cache, not regenerated.
  const cached = await buildLedgers(dir, [2500]);
  assert.equal(cached.get(2500), large);
});

test('appends, replay and valuation report positive figures', async () => {
  const appends = await measureAppends({ dir: join(dir, 'appends'), singles: 50, batches: 2 });
  positive(appends.singlePerSecond, 'single appends/s');
  positive(appends.batchedEventsPerSecond, 'batched events/s');
  positive(appends.rawCommitsPerSecond, 'raw commits/s');

  const ledger = (await buildLedgers(dir, [1000])).get(1000)!;
  const replayed = await measureReplay({ dataDir: ledger.dataDir });
  assert.is(replayed.events, 1000);
  positive(replayed.eventsPerSecond, 'replay events/s');
  const names = (await allProjections()).map((p) => p.name);
  assert.ok(names.includes('ledger'), `every projection is replayed, found ${names.join(', ')}`);
  assert.is(replayed.projections, names.join('+'));

  const valuation = await measureValuation({ contributions: 300, totalsCalls: 3 });
  assert.ok(valuation.contributions >= 300);
  for (const key of ['foldContributionsPerSecond', 'valueAllSeconds', 'totalsMs', 'totalsYearMs', 'revalueMs', 'revaluedContributions'] as const) {
    positive(valuation[key], key);
  }
  assert.match(valuation.total, /^\d+\.\d\d$/);
});

test('a task in a child process reports its figures and peak memory', async () => {
  const ledger = (await buildLedgers(dir, [1000])).get(1000)!;
  const result = await runTask('replay', { dataDir: ledger.dataDir });
  assert.is(result.events, 1000);
  positive(result.maxRssBytes, 'peak RSS');
});

test('the shared workload on our side appends and reads back', async () => {
  const figures = await measurePeerWorkload({ engine: 'socle', dir: join(dir, 'peer'), count: 40 });
  positive(figures.appendsPerSecond, 'appends/s');
  positive(figures.readsPerSecond, 'reads/s');
  positive(figures.operationsPerSecond, 'operations/s');
});

test('socle serve answers the totals socle computes, under a short load; socle export is measured', async () => {
  const ledger = (await buildLedgers(dir, [2500])).get(2500)!;
  const expected = await Socle.open({ dataDir: ledger.dataDir });
  const total = (await expected.totals(PROGRAMME, { status: 'actual', include: 'active' })).total;
  await expected.close();

  const coordinator = await createToken(ledger.dataDir, 'coordinator');
  const partner = await createToken(ledger.dataDir, 'partner', 'orditous');
  const server = await startSocle(ledger.dataDir, coordinator, PROGRAMME, join(dir, 'serve.log'));
  try {
    positive(server.firstTotalsMs, 'start to first answer');
    const response = await fetch(`${server.url}/api/programmes/${PROGRAMME}/totals`, { headers: { authorization: `Bearer ${coordinator}` } });
    const document = (await response.json()) as { total: string; asOf: { position: number } };
    assert.is(document.total, total);
    const totals = await getTotals({ url: server.url, token: coordinator, durationSeconds: 1, connections: 2 }, PROGRAMME);
    positive(totals.requestsPerSecond, 'GET totals req/s');
    positive(totals.p99Ms + 1, 'p99');
    const posted = await postContributions({ url: server.url, token: partner, durationSeconds: 1, connections: 2 }, PROGRAMME);
    positive(posted.requests, 'contributions posted');
    // As-of reads as a load: the hammer's reads are answered, health is measured meanwhile.
    const head = document.asOf.position;
    positive(head, 'head position');
    const hammer = hammerAsOf(server.url, PROGRAMME, [coordinator], head, 2);
    const health = await getHealth(server.url, 1);
    const hammered = await hammer.stop();
    positive(health.requests, 'health answered under as-of load');
    positive(hammered.answeredPerSecond, 'as-of reads answered');
  } finally {
    await server.stop();
  }

  const journal = await runExport(ledger.dataDir, 'journal', PROGRAMME, join(dir, 'journal.xlsx'));
  positive(journal.seconds, 'export seconds');
  positive(journal.maxRssBytes, 'export peak RSS');
  positive(journal.fileBytes, 'workbook size');
});

test('the table renders every row, its target and what could not be measured', () => {
  const rows: Row[] = [
    { section: '1', figure: 'durable single appends', unit: 'appends/s', value: summarize([4000, 4200, 3900]), target: '≥ 5,000', met: false },
    { section: '2', figure: 'replay 1,000 events', unit: 'events/s', value: summarize([120_000]), note: 'a note' },
  ];
  const table = renderTable(rows, [{ section: '6', figure: 'peer', reason: 'npm could not install it' }]);
  const lines = table.split('\n');
  assert.ok(lines[0]!.startsWith('| # | figure'));
  assert.match(table, /\| 1 \| durable single appends\s+\|\s+4,000 \|\s+3,900 \|\s+4,200 \| appends\/s/);
  assert.match(table, /MISSED/);
  assert.match(table, /120,000/);
  assert.match(table, /not measured: npm could not install it/);
  assert.match(table, /- 2 replay 1,000 events: a note/);
});

function* take<T>(source: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = source.next();
    if (next.done) return;
    yield next.value;
  }
}

test.run();
