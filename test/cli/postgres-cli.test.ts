// The command line on PostgreSQL (SOCLE_STORE=postgres): the demo's SQLite ledger exported, imported
// into PostgreSQL, verified there with the same head hash, and exported back into a new SQLite
// ledger with the same head again. Each run uses a schema of its own, dropped at the end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_URL, dropSchema, randomSchema, requirePostgres } from '../store/postgres-helpers.ts';
import { lastLine, socle, tempDir } from './run-cli.ts';

await requirePostgres();

const work = tempDir('socle-pg-cli-');
const schema = randomSchema();
const onPostgres = { SOCLE_STORE: 'postgres', DATABASE_URL, SOCLE_PG_SCHEMA: schema };

test.after(async () => {
  await dropSchema(schema);
});

test('log export from SQLite → log import into PostgreSQL → the same head hash, and back', () => {
  const sqliteData = join(work, 'sqlite');
  const demo = socle(['demo', '--data', sqliteData, '--out', join(work, 'out')]);
  assert.is(demo.status, 0, demo.stderr);
  const verifiedSqlite = socle(['verify', '--data', sqliteData]);
  assert.is(verifiedSqlite.status, 0, verifiedSqlite.stderr);
  const expected = lastLine(verifiedSqlite.stdout);
  assert.match(expected, /^ok \d+ [0-9a-f]{64}$/);

  const exported = join(work, 'from-sqlite.jsonl');
  assert.is(socle(['log', 'export', '--out', exported, '--data', sqliteData]).status, 0);
  const events = readFileSync(exported, 'utf8').trim().split('\n').length;
  assert.ok(events > 100, `the demo ledger has ${events} events`);
  assert.is(expected.split(' ')[1], String(events));

  const pgData = join(work, 'pg');
  const imported = socle(['log', 'import', exported, '--data', pgData], { env: onPostgres });
  assert.is(imported.status, 0, imported.stderr);
  const verifiedPg = socle(['verify', '--data', pgData], { env: onPostgres });
  assert.is(verifiedPg.status, 0, verifiedPg.stderr);
  assert.is(lastLine(verifiedPg.stdout), expected);

  const back = join(work, 'from-pg.jsonl');
  assert.is(socle(['log', 'export', '--out', back, '--data', pgData], { env: onPostgres }).status, 0);
  assert.is(readFileSync(back, 'utf8'), readFileSync(exported, 'utf8'));
  const again = join(work, 'sqlite-again');
  assert.is(socle(['log', 'import', back, '--data', again]).status, 0);
  assert.is(lastLine(socle(['verify', '--data', again]).stdout), expected);
});

test('socle demo on PostgreSQL, run twice, writes its ledger once', async () => {
  const demoSchema = { ...onPostgres, SOCLE_PG_SCHEMA: `${schema}_demo` };
  try {
    const first = socle(['demo', '--data', join(work, 'pg-demo'), '--out', join(work, 'out-pg')], { env: demoSchema });
    assert.is(first.status, 0, first.stderr);
    const head = lastLine(socle(['verify', '--data', join(work, 'pg-demo')], { env: demoSchema }).stdout);
    assert.match(head, /^ok \d+ [0-9a-f]{64}$/);
    assert.is(socle(['demo', '--data', join(work, 'pg-demo'), '--out', join(work, 'out-pg')], { env: demoSchema }).status, 0);
    assert.is(lastLine(socle(['verify', '--data', join(work, 'pg-demo')], { env: demoSchema }).stdout), head);
  } finally {
    await dropSchema(`${schema}_demo`);
  }
});

test.run();
