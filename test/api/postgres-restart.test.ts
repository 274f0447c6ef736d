// PostgreSQL restarted while a `socle serve` writes to it: the clients whose requests meet the
// outage get a clear French answer (problem+json 503, "réessayez", never a bare 500), no
// contribution is stored twice although every refused write is retried with the same id, and
// writes resume once the database is back, with the server's read model following on. The server
// is a cluster of the suite's own (postgres-cluster.ts), so the restart disturbs no other suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { serve, type ServeProcess } from './child.ts';
import { call, type Answer } from './helpers.ts';
import { socle } from '../cli/run-cli.ts';
import { canMakeCluster, startOwnCluster } from '../store/postgres-cluster.ts';

if (!canMakeCluster()) {
  const required = process.env.CI === 'true' || process.env.SOCLE_REQUIRE_TOOLS === '1';
  console.log(`${required ? 'FAILED' : 'not run'}: no PostgreSQL 15 programs (initdb, pg_ctl) to make a cluster of this suite's own`);
  process.exit(required ? 1 : 0);
}

const cluster = await startOwnCluster();
const work = mkdtempSync(join(tmpdir(), 'socle-pg-restart-'));
const onPostgres = { SOCLE_STORE: 'postgres', DATABASE_URL: cluster.url, SOCLE_LOG_LEVEL: 'error' };
let server: ServeProcess | undefined;

test.after(async () => {
  if (server && server.child.exitCode !== null) console.log(`the server exited (${server.child.exitCode}): ${server.stderr().slice(-3000)}`);
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
  cluster.remove();
});

function cash(id: string) {
  return { id, partnerId: 'ccas', kind: 'cash', status: 'planned', date: '2024-02-01', amount: '1.00' };
}

test('a PostgreSQL restart during writes: French 503s, no duplicate after retries, writes resume', async () => {
  const created = socle(['token', 'create', '--role', 'coordinator', '--data', work], { env: onPostgres });
  assert.is(created.status, 0, created.stderr);
  const token = created.stdout.trim().split('\n').at(-1)!;
  server = await serve(work, onPostgres);
  const url = server.url;
  assert.is((await call(url, 'POST', '/api/programmes', { token, body: { id: 'p', name: 'P', startsOn: '2024-01-01', endsOn: '2026-12-31' } })).status, 201);
  assert.is((await call(url, 'POST', '/api/programmes/p/partners', { token, body: { id: 'ccas', name: 'CCAS', category: 'ccas' } })).status, 201);

  const refusals: Answer[] = [];
  let restarted = false;
  let acknowledgedAfter = 0;
  const writers = Array.from({ length: 3 }, async (_, writer) => {
    for (let i = 0; !restarted || acknowledgedAfter < 10; i++) {
      const id = `w${writer}-${i}`;
      // A refused write is retried with the same id until it is acknowledged, as a client should.
      for (let attempt = 0; ; attempt++) {
        if (attempt > 100) assert.unreachable(`${id} never acknowledged: ${refusals.at(-1)?.text}`);
        const answer = await call(url, 'POST', '/api/programmes/p/contributions', { token, body: cash(id) });
        if (answer.status === 201) {
          if (restarted) acknowledgedAfter++;
          break;
        }
        refusals.push(answer);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  await cluster.restart();
  restarted = true;
  await Promise.all(writers);

  // Every refusal while the database was away is the store-unavailable answer, in French.
  assert.ok(refusals.length > 0, 'the restart refused no write: it was not seen');
  for (const refusal of refusals) {
    assert.is(refusal.status, 503, refusal.text);
    assert.is(refusal.contentType, 'application/problem+json; charset=utf-8');
    assert.match(refusal.json.detail, /réessayez/);
    assert.is(refusal.headers.get('retry-after'), '1');
  }
  const stored = await storedIds();
  assert.is(new Set(stored).size, stored.length, 'a contribution stored twice');
  const verified = socle(['verify', '--data', work], { env: onPostgres });
  assert.is(verified.status, 0, verified.stderr);
  // The server's own read model followed the log through the restart: its totals count every one.
  const totals = await call(url, 'GET', `/api/programmes/p/totals?status=planned&minPosition=${stored.length + 2}`, { token });
  assert.is(totals.status, 200, totals.text);
  assert.is(totals.json.total, stored.length.toFixed(2));
  console.log(`${stored.length} contributions stored once each; ${refusals.length} answers 503 during the restart`);
});

async function storedIds(): Promise<string[]> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ stream: string }>(`SELECT stream FROM public.events WHERE type = 'ContributionRecorded'`);
    return rows.map((row) => row.stream);
  } finally {
    await client.end();
  }
}

test.run();
