// Two real `socle serve` processes on one PostgreSQL database (SOCLE_STORE=postgres), each with a
// data folder of its own, as two machines behind a load balancer: the tokens are the database's
// (a token issued, or revoked, by `socle token` counts on both servers at their next request), and
// an app server killed with SIGKILL in the middle of writes loses none it acknowledged. Each run
// has a database of its own (socle_pg2_…), dropped at the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { serve, type ServeProcess } from './child.ts';
import { call } from './helpers.ts';
import { makeTempDatabase, requirePostgres } from '../store/postgres-helpers.ts';

const BIN = new URL('../../bin/socle.js', import.meta.url).pathname;

await requirePostgres();

const database = await makeTempDatabase();
const work = mkdtempSync(join(tmpdir(), 'socle-pg-servers-'));
const onPostgres = { SOCLE_STORE: 'postgres', DATABASE_URL: database.url, SOCLE_LOG_LEVEL: 'error' };
const running: ServeProcess[] = [];

test.after(async () => {
  for (const server of running) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await Promise.all(running.map((server) => server.exited));
  rmSync(work, { recursive: true, force: true });
  await database.cleanup();
});

/**
 * The command line beside the running servers, without blocking this process (spawnSync would stop
 * the event loop: on a loaded machine past the servers' 5 s keep-alive, and the next request then
 * goes out on a socket the server has closed, « fetch failed »; see cliAsync in child.ts).
 */
function socleAsync(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SOCLE_DATA_DIR: '', ...onPostgres }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

async function token(dataDir: string, ...args: string[]): Promise<{ token: string; id: string }> {
  const created = await socleAsync(['token', 'create', ...args, '--data', dataDir]);
  assert.is(created.status, 0, created.stderr);
  return { token: created.stdout.trim().split('\n').at(-1)!, id: /token (tok_[0-9a-f]+)/.exec(created.stdout)![1]! };
}

async function server(name: string): Promise<ServeProcess> {
  const started = await serve(join(work, name), onPostgres);
  running.push(started);
  return started;
}

const one = await server('one');
const two = await server('two');
const coordinator = await token(join(work, 'one'), '--role', 'coordinator', '--name', 'coord');

test('a token issued by `socle token` beside one server is honoured by both at once; revoked, by neither', async () => {
  const auditor = await token(join(work, 'two'), '--role', 'auditor', '--name', 'audit');
  for (const url of [one.url, two.url]) {
    const me = await call(url, 'GET', '/api/me', { token: auditor.token });
    assert.is(me.status, 200, me.text);
    assert.is(me.json.role, 'auditor');
  }
  const revoked = await socleAsync(['token', 'revoke', auditor.id, '--data', join(work, 'one')]);
  assert.is(revoked.status, 0, revoked.stderr);
  for (const url of [one.url, two.url]) assert.is((await call(url, 'GET', '/api/me', { token: auditor.token })).status, 401);
  // Both listings are the database's, and no server made a token file of its own.
  const listed = await socleAsync(['token', 'list', '--data', join(work, 'two')]);
  assert.match(listed.stdout, new RegExp(`${auditor.id}\\tauditor\\t-\\t"audit"\\t.*\\trevoked`));
  assert.match(listed.stdout, new RegExp(`${coordinator.id}\\tcoordinator\\t.*\\tactive`));
  for (const name of ['one', 'two']) assert.not.ok(existsSync(join(work, name, 'tokens.sqlite')), `${name}/tokens.sqlite`);
});

test('a programme set up on one server takes contributions through the other', async () => {
  const post = async (url: string, path: string, body: object) => {
    const answer = await call(url, 'POST', path, { token: coordinator.token, body });
    assert.is(answer.status, 201, answer.text);
    return answer;
  };
  const added = await post(one.url, '/api/programmes', { id: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' });
  await post(one.url, '/api/programmes/p/partners', { id: 'ccas', name: 'CCAS', category: 'ccas' });
  assert.ok(Number(added.headers.get('x-socle-position')) >= 1);
  // The command side reads the stream's tail: the programme made on one is known on two at once.
  await post(two.url, '/api/programmes/p/contributions', cash('first', '10.25'));
});

test('the same write with the same expected version sent to both servers at once: exactly one 200, the other a 409 problem+json, one event', async () => {
  // A programme of its own (the kill test below sums p's totals). 24 contributions recorded through
  // one server (version 1 each); then for 12 a validation on both servers at once, for the 12 others a
  // correction (another amount on each server) on both at once, all 48 requests in flight together.
  for (const [path, body] of [
    ['/api/programmes', { id: 'q', name: 'Course', startsOn: '2024-01-01', endsOn: '2026-12-31' }],
    ['/api/programmes/q/partners', { id: 'ccas', name: 'CCAS', category: 'ccas' }],
  ] as const) {
    const made = await call(two.url, 'POST', path, { token: coordinator.token, body });
    assert.is(made.status, 201, made.text);
  }
  const ids = Array.from({ length: 24 }, (_, i) => `race-${i}`);
  for (const id of ids) {
    const recorded = await call(one.url, 'POST', '/api/programmes/q/contributions', { token: coordinator.token, body: cash(id, '3.00') });
    assert.is(recorded.status, 201, recorded.text);
    assert.is(recorded.json.version, 1);
  }
  const send = (url: string, id: string, i: number) =>
    i < 12
      ? call(url, 'POST', `/api/programmes/q/contributions/${id}/validation`, { token: coordinator.token, body: { expectedVersion: 1 } })
      : call(url, 'POST', `/api/programmes/q/contributions/${id}/corrections`, {
          token: coordinator.token,
          body: { expectedVersion: 1, reason: `montant revu par ${url === one.url ? 'un' : 'deux'}`, ...withoutId(cash(id, url === one.url ? '4.00' : '5.00')) },
        });
  const answers = await Promise.all(ids.map((id, i) => Promise.all([send(one.url, id, i), send(two.url, id, i)])));
  for (const [i, pair] of answers.entries()) {
    assert.equal(pair.map((a) => a.status).sort(), [200, 409], `${ids[i]}: ${pair.map((a) => a.text).join(' | ')}`);
    const won = pair.find((a) => a.status === 200)!;
    assert.is(won.json.version, 2);
    const lost = pair.find((a) => a.status === 409)!;
    assert.match(lost.headers.get('content-type') ?? '', /^application\/problem\+json/);
    // Refused by the version check, wherever it met the other's write (on reading the stream, or in SQL under the lock).
    assert.is(lost.json.detail, 'conflit de version : version attendue 1, la version actuelle est 2 ; relisez la contribution');
    assert.equal(lost.json.errors, [{ path: 'expectedVersion', message: 'la version actuelle est 2' }]);
  }
  // The log holds exactly one second event per contribution, the winner's.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ stream: string; type: string; amount: string | null }>(
      `SELECT stream, type, data::jsonb #>> '{content,amount}' AS amount FROM public.events WHERE stream LIKE 'contribution-q/ccas/race-%' AND stream_version = 2 ORDER BY stream`,
    );
    assert.is(rows.length, 24);
    const versions = await client.query<{ n: number }>(`SELECT MAX(stream_version)::int AS n FROM public.events WHERE stream LIKE 'contribution-q/ccas/race-%' GROUP BY stream`);
    assert.equal(new Set(versions.rows.map((r) => r.n)), new Set([2]));
    for (const [i, id] of ids.entries()) {
      const row = rows.find((r) => r.stream === `contribution-q/ccas/${id}`)!;
      assert.is(row.type, i < 12 ? 'ContributionValidated' : 'ContributionCorrected');
      // The correction stored is the one whose request was answered 200.
      if (i >= 12) assert.is(row.amount, answers[i]![0]!.status === 200 ? '4.00' : '5.00');
    }
  } finally {
    await client.end();
  }
});

test('kill -9 of one app server during writes: every write it acknowledged is in the log, and the other goes on', async () => {
  const acknowledged: string[] = [];
  const writers = Array.from({ length: 4 }, async (_, writer) => {
    for (let i = 0; ; i++) {
      const id = `k-${writer}-${i}`;
      let status: number;
      try {
        status = (await call(two.url, 'POST', '/api/programmes/p/contributions', { token: coordinator.token, body: cash(id, '1.00') })).status;
      } catch {
        return; // The server is gone: this request was never answered, so it was never acknowledged.
      }
      if (status === 201) acknowledged.push(id);
    }
  });
  // Killed in the middle of writes: once a few are acknowledged (not after a fixed delay, which on a
  // loaded machine may pass before the sixth answer), while the writers keep sending.
  const deadline = Date.now() + 30_000;
  while (acknowledged.length <= 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  two.child.kill('SIGKILL');
  await Promise.all(writers);
  assert.is(await two.exited, 'SIGKILL');
  assert.ok(acknowledged.length > 5, `only ${acknowledged.length} writes were acknowledged before the kill`);

  const stored = await contributionIds();
  const lost = acknowledged.filter((id) => !stored.has(id));
  assert.equal(lost, [], 'acknowledged writes missing from the log');
  const verified = await socleAsync(['verify', '--data', join(work, 'one')]);
  assert.is(verified.status, 0, verified.stderr);
  // The surviving server takes the next write, and its totals hold every stored one (1.00 each, and the 10.25).
  const next = await call(one.url, 'POST', '/api/programmes/p/contributions', { token: coordinator.token, body: cash('after', '5.00') });
  assert.is(next.status, 201, next.text);
  const position = next.headers.get('x-socle-position')!;
  const totals = await call(one.url, 'GET', `/api/programmes/p/totals?status=planned&minPosition=${position}`, { token: coordinator.token });
  assert.is(totals.status, 200, totals.text);
  const expectedCents = 1025 + 500 + 100 * (stored.size - 1);
  assert.is(totals.json.total, (expectedCents / 100).toFixed(2));
  console.log(`${acknowledged.length} writes acknowledged before the kill, ${stored.size - 1} stored (a write may be stored and unanswered)`);
});

function withoutId<T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> {
  return rest;
}

function cash(id: string, amount: string) {
  return { id, partnerId: 'ccas', kind: 'cash', status: 'planned', date: '2024-02-01', amount };
}

/** The contribution ids in the log itself, read with SQL rather than through a server. */
async function contributionIds(): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // Streams are contribution-PROGRAMME/PARTNER/ID (src/domain/events.ts); one per contribution, so no id is there twice.
    const { rows } = await client.query<{ stream: string }>(`SELECT stream FROM public.events WHERE type = 'ContributionRecorded' AND stream LIKE 'contribution-p/%'`);
    const ids = rows.map((row) => row.stream.replace(/^contribution-p\/ccas\//, ''));
    assert.is(new Set(ids).size, ids.length, 'a contribution recorded twice');
    return new Set(ids);
  } finally {
    await client.end();
  }
}

test.run();
