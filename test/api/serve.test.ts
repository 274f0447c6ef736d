// `socle serve` and `socle token` as an operator uses them: the listening line, one log line per
// request, a graceful SIGTERM that lets a request in flight finish, tokens stored only as hashes,
// and the static pages next to the API.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startServer } from '../../src/api/server.ts';
import { Socle } from '../../src/app/socle.ts';
import { TokenStore } from '../../src/auth/token-store.ts';
import { cli, cliAsync, createToken, serve } from './child.ts';
import { call } from './helpers.ts';

const serveSuite = suite<{ dir: string }>('socle serve and socle token');

serveSuite.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'socle-serve-'));
});
serveSuite.after.each((ctx) => {
  rmSync(ctx.dir, { recursive: true, force: true });
});

serveSuite('token create prints the token alone on the last line and stores only its hash', ({ dir }) => {
  const r = cli(['token', 'create', '--role', 'treasurer', '--name', 'Trésorerie CCAS'], dir);
  assert.is(r.status, 0, r.stderr);
  const token = r.stdout.trim().split('\n').at(-1)!;
  assert.match(token, /^socle_[A-Za-z0-9_-]{43}$/);
  const file = readFileSync(join(dir, 'tokens.sqlite'));
  assert.not.ok(file.includes(token), 'the token itself is not in the file');
  assert.not.ok(file.includes(token.slice(6)), 'nor its random part');
  const store = TokenStore.open({ dataDir: dir });
  try {
    const record = store.authenticate(token);
    assert.is(record?.role, 'treasurer');
    assert.is(record?.name, 'Trésorerie CCAS');
    assert.is(store.authenticate(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), undefined);
    assert.is(store.list().length, 1);
  } finally {
    store.close();
  }
});

serveSuite('token create refuses bad roles and partner mistakes; warns about an unknown partner', ({ dir }) => {
  assert.is(cli(['token', 'create', '--role', 'admin'], dir).status, 2);
  assert.is(cli(['token', 'create'], dir).status, 2);
  assert.is(cli(['token', 'create', '--role', 'partner'], dir).status, 2);
  assert.is(cli(['token', 'create', '--role', 'partner', '--partner', 'a b'], dir).status, 2);
  assert.is(cli(['token', 'create', '--role', 'auditor', '--partner', 'ccas'], dir).status, 2);
  const unknown = cli(['token', 'create', '--role', 'partner', '--partner', 'ccas'], dir);
  assert.is(unknown.status, 0);
  assert.match(unknown.stderr, /no programme has a partner "ccas"/);
  assert.match(unknown.stdout.trim().split('\n').at(-1)!, /^socle_/);
  assert.is(cli(['token', 'frobnicate'], dir).status, 2);
});

serveSuite('serve: listening line, one JSON log line per request, revocation at once, graceful SIGTERM with a request in flight', async ({ dir }) => {
  const coordinator = createToken(dir, '--role', 'coordinator', '--name', 'coord');
  const server = await serve(dir);
  try {
    assert.match(server.stdout(), /^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const post = async (path: string, body: object) => assert.is((await call(server.url, 'POST', path, { token: coordinator, body })).status, 201);
    await post('/api/programmes', { id: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' });
    await post('/api/programmes/p/partners', { id: 'ccas', name: 'CCAS', category: 'ccas' });
    assert.is((await call(server.url, 'GET', '/api/health')).status, 200);

    // A token created while the server runs works at once; revoked, it stops at once. The command
    // line runs beside this process's open connections, never blocking it (cliAsync, child.ts).
    const created = await cliAsync(['token', 'create', '--role', 'partner', '--partner', 'ccas'], dir);
    assert.match(created.stdout, /partner ccas of p/);
    const partner = created.stdout.trim().split('\n').at(-1)!;
    assert.is((await call(server.url, 'GET', '/api/me', { token: partner })).json.partnerId, 'ccas');
    const id = /token (tok_[0-9a-f]+)/.exec(created.stdout)![1]!;
    assert.is((await cliAsync(['token', 'revoke', id], dir)).status, 0);
    assert.is((await call(server.url, 'GET', '/api/me', { token: partner })).status, 401);
    assert.match((await cliAsync(['token', 'list'], dir)).stdout, new RegExp(`${id}\\tpartner\\tccas\\t.*revoked`));

    // A request whose body is still arriving when SIGTERM comes must be answered.
    const body = JSON.stringify({ id: 'in-flight', partnerId: 'ccas', kind: 'cash', status: 'actual', date: '2024-02-01', amount: '250' });
    const inFlight = request(`${server.url}/api/programmes/p/contributions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    });
    const answer = new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
      inFlight.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.slice(0, 20));
    await delay(300);
    server.child.kill('SIGTERM');
    await delay(300);
    inFlight.end(body.slice(20));
    const finished = await answer;
    assert.is(finished.status, 201, finished.text);
    assert.is(finished.connection, 'close');
    assert.is(await server.exited, 0);
    await call(server.url, 'GET', '/api/health').then(
      () => assert.unreachable('the server is gone'),
      () => {},
    );

    const lines = server
      .stderr()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    // set-up ×2, health, me ×2, the request in flight.
    assert.is(requests.length, 6);
    assert.ok(requests.every((l) => typeof l.requestId === 'string' && typeof l.status === 'number' && typeof l.durationMs === 'number'));
    assert.equal(
      requests.map((l) => l.status),
      [201, 201, 200, 200, 401, 201],
    );
    assert.is(requests[0]!.actor, 'coord');
    assert.not.ok(server.stderr().includes(coordinator), 'tokens never reach the log');
    assert.ok(lines.some((l) => l.msg === 'arrêté'));

    // The one that was in flight is in the ledger, and the chain holds.
    const verified = cli(['verify'], dir);
    assert.is(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /^ok 3 [0-9a-f]{64}/);
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
});

serveSuite('serve refuses a bad port and an unknown option', ({ dir }) => {
  assert.is(cli(['serve', '--port', '70000'], dir).status, 2);
  assert.is(cli(['serve', '--port', 'http'], dir).status, 2);
  assert.is(cli(['serve', '--verbose'], dir).status, 2);
});

serveSuite('the web pages are served at / next to the API', async ({ dir }) => {
  const web = join(dir, 'web');
  mkdirSync(web);
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Socle</title>');
  const tokens = TokenStore.open({ dataDir: dir });
  const socle = await Socle.open({ dataDir: join(dir, 'data') });
  const server = await startServer({ socle, tokens, host: '127.0.0.1', port: 0, webDir: web });
  try {
    const page = await call(server.url, 'GET', '/');
    assert.is(page.status, 200);
    assert.match(page.contentType, /text\/html/);
    assert.match(page.text, /<title>Socle<\/title>/);
    assert.is((await call(server.url, 'GET', '/api/health')).status, 200);
    assert.is((await call(server.url, 'GET', '/api/me')).status, 401);
    assert.is((await call(server.url, 'GET', '/missing.html')).status, 404);
    assert.is((await call(server.url, 'GET', '/../tokens.sqlite')).status, 404);
  } finally {
    await server.close();
  }
});

serveSuite.run();
