// `socle serve` on PostgreSQL through a proxy that cuts its connection at a chosen moment of a write
// (test/store/postgres-cut-proxy.ts): cut before COMMIT was sent, the 503 says « rien n'a été écrit »
// and nothing was; cut with COMMIT sent and its answer lost, the write WAS recorded, and the 503
// says it may have been and that sending the same request again is safe — which the test then does:
// a record sent again is the same 201 (its id), a validation sent again a 409 naming the version it
// made; the log holds each once. Each run has a database of its own, dropped at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serve, type ServeProcess } from './child.ts';
import { call } from './helpers.ts';
import { socle } from '../cli/run-cli.ts';
import { startCutProxy } from '../store/postgres-cut-proxy.ts';
import { makeTempDatabase, requirePostgres, urlOfDatabase } from '../store/postgres-helpers.ts';

await requirePostgres();

const database = await makeTempDatabase();
const proxy = await startCutProxy();
const work = mkdtempSync(join(tmpdir(), 'socle-pg-cut-'));
const direct = { SOCLE_STORE: 'postgres', DATABASE_URL: database.url, SOCLE_LOG_LEVEL: 'error' };
let server: ServeProcess | undefined;

test.after(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await proxy.close();
  rmSync(work, { recursive: true, force: true });
  await database.cleanup();
});

const created = socle(['token', 'create', '--role', 'coordinator', '--name', 'coord', '--data', join(work, 'cli')], { env: direct });
assert.is(created.status, 0, created.stderr);
const token = created.stdout.trim().split('\n').at(-1)!;
// No checkpoint on a timer: the only writes are the test's, so the armed cut meets the one meant.
server = await serve(join(work, 'server'), { ...direct, DATABASE_URL: urlOfDatabase(database.name, proxy.url), SOCLE_CHECKPOINT_INTERVAL_MS: '0' });
const url = server.url;

const NOTHING_WRITTEN = 'le registre partagé ne répond pas pour l’instant (rien n’a été écrit) ; réessayez dans un instant';
const PERHAPS_WRITTEN =
  'le registre partagé a cessé de répondre au moment d’enregistrer : l’écriture a peut-être été enregistrée ; ' +
  'réessayez la même requête dans un instant, sans risque de doublon (un enregistrement déjà fait est reconnu à son identifiant, un changement déjà fait répond par un conflit de version)';

async function typesOf(contributionId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ type: string }>('SELECT type FROM public.events WHERE stream = $1 ORDER BY stream_version', [`contribution-p/ccas/${contributionId}`]);
    return rows.map((r) => r.type);
  } finally {
    await client.end();
  }
}

const record = (id: string) => call(url, 'POST', '/api/programmes/p/contributions', { token, body: { id, partnerId: 'ccas', kind: 'cash', status: 'planned', date: '2024-02-01', amount: '12.50' } });

function assertProblem(answer: Awaited<ReturnType<typeof call>>, status: number, detail: string) {
  assert.is(answer.status, status, answer.text);
  assert.match(answer.contentType, /^application\/problem\+json/);
  assert.is((answer.json as { detail: string }).detail, detail);
}

test('set up through the proxy, uncut', async () => {
  for (const [path, body] of [
    ['/api/programmes', { id: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' }],
    ['/api/programmes/p/partners', { id: 'ccas', name: 'CCAS', category: 'ccas' }],
  ] as const) {
    const made = await call(url, 'POST', path, { token, body });
    assert.is(made.status, 201, made.text);
  }
});

test('cut before COMMIT was sent: 503 « rien n’a été écrit », nothing in the log; sent again, recorded', async () => {
  proxy.arm('lock');
  const cut = await record('avant');
  await proxy.cut();
  assertProblem(cut, 503, NOTHING_WRITTEN);
  assert.is(cut.headers.get('retry-after'), '1');
  assert.equal(await typesOf('avant'), []);
  const again = await record('avant');
  assert.is(again.status, 201, again.text);
  assert.equal(await typesOf('avant'), ['ContributionRecorded']);
});

test('cut with COMMIT sent: 503 « peut-être », and it was recorded; the same record again is the same 201, once in the log', async () => {
  proxy.arm('commit');
  const cut = await record('pendant');
  await proxy.cut();
  assertProblem(cut, 503, PERHAPS_WRITTEN);
  assert.equal(await typesOf('pendant'), ['ContributionRecorded'], 'the server committed what the client was told may have failed');
  const again = await record('pendant');
  assert.is(again.status, 201, again.text);
  assert.equal(again.json, { id: 'pendant', version: 1, value: '12.50', review: 'pending' });
  assert.equal(await typesOf('pendant'), ['ContributionRecorded']);
});

test('a validation cut with COMMIT sent: recorded; sent again, a 409 naming version 2, validated once', async () => {
  const validate = () => call(url, 'POST', '/api/programmes/p/contributions/pendant/validation', { token, body: { expectedVersion: 1 } });
  proxy.arm('commit');
  const cut = await validate();
  await proxy.cut();
  assertProblem(cut, 503, PERHAPS_WRITTEN);
  assert.equal(await typesOf('pendant'), ['ContributionRecorded', 'ContributionValidated']);
  const again = await validate();
  assertProblem(again, 409, 'conflit de version : version attendue 1, la version actuelle est 2 ; relisez la contribution');
  const read = await call(url, 'GET', '/api/programmes/p/contributions/pendant', { token });
  assert.is(read.status, 200, read.text);
  assert.is((read.json as { review: string }).review, 'validated');
  assert.equal(await typesOf('pendant'), ['ContributionRecorded', 'ContributionValidated']);
});

test.run();
