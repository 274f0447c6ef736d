// The server killed with SIGKILL while contributions stream in, then restarted: every contribution
// that had been answered 201 is there, and the hash chain verifies (API and `socle verify`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, createToken, serve, type ServeProcess } from './child.ts';
import { call, type Answer } from './helpers.ts';

const WRITERS = 4;
/** Kill once this many have been acknowledged, while the writers keep going. */
const KILL_AFTER = 80;

test('SIGKILL while contributions stream in: every 201 survives, the chain verifies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-crash-'));
  let server: ServeProcess | undefined;
  try {
    const coordinator = createToken(dir, '--role', 'coordinator');
    const partner = createToken(dir, '--role', 'partner', '--partner', 'ccas');
    server = await serve(dir);
    const firstUrl = server.url;
    const setUp = async (path: string, body: object) => assert.is((await call(firstUrl, 'POST', path, { token: coordinator, body })).status, 201);
    await setUp('/api/programmes', { id: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' });
    await setUp('/api/programmes/p/partners', { id: 'ccas', name: 'CCAS', category: 'ccas' });
    await setUp('/api/programmes/p/rates', { id: 'r', kind: 'staff_time', unit: 'hour', amount: '12.25', validFrom: '2024-01-01', basis: 'SMIC' });

    const acknowledged = new Map<string, { quantity: string; value: string }>();
    let killed = false;
    let failuresAfterKill = 0;
    let resolveKillPoint!: () => void;
    const killPoint = new Promise<void>((resolve) => (resolveKillPoint = resolve));
    const writer = async (w: number) => {
      for (let i = 0; ; i++) {
        const id = `w${w}-${i}`;
        const quantity = `${1 + ((w * 7 + i) % 40)}.5`;
        let a: Answer;
        try {
          a = await call(firstUrl, 'POST', '/api/programmes/p/contributions', {
            token: w % 2 === 0 ? partner : coordinator,
            body: { id, partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-05-01', quantity },
          });
        } catch (error) {
          // Only the kill may cut a request short.
          if (!killed) throw error;
          failuresAfterKill++;
          return;
        }
        // An answer that arrived is a promise kept: it must be 201 (no 5xx under load).
        assert.is(a.status, 201, `${id}: ${a.status} ${a.text}`);
        acknowledged.set(id, { quantity, value: a.json.value });
        if (acknowledged.size >= KILL_AFTER) resolveKillPoint();
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    // A writer failing before the kill point ends the test instead of waiting forever.
    await Promise.race([killPoint, Promise.all(writers)]);
    killed = true;
    server.child.kill('SIGKILL');
    assert.is(await server.exited, 'SIGKILL');
    await Promise.all(writers);
    assert.ok(failuresAfterKill > 0, 'the writers were still sending when the server died');

    // Restart on the same data directory.
    server = await serve(dir);
    for (const [id, expected] of acknowledged) {
      const a = await call(server.url, 'GET', `/api/programmes/p/contributions/${id}`, { token: coordinator });
      assert.is(a.status, 200, `${id} was answered 201 but is gone`);
      assert.is(a.json.quantity, expected.quantity);
      assert.is(a.json.value, expected.value);
    }
    const verify = await call(server.url, 'GET', '/api/ledger/verify', { token: coordinator });
    assert.is(verify.json.ok, true);
    const list = await call(server.url, 'GET', '/api/programmes/p/contributions?limit=10000', { token: coordinator });
    // Requests in flight at the kill may or may not have been written, never half-written.
    assert.ok(list.json.total >= acknowledged.size);
    assert.ok(list.json.total <= acknowledged.size + WRITERS);
    // A write after the restart works and extends the same chain.
    const after = await call(server.url, 'POST', '/api/programmes/p/contributions', {
      token: partner,
      body: { id: 'after-restart', partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-05-02', quantity: '1' },
    });
    assert.is(after.status, 201);

    server.child.kill('SIGTERM');
    assert.is(await server.exited, 0);
    const verified = cli(['verify'], dir);
    assert.is(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, new RegExp(`^ok ${verify.json.events + 1} [0-9a-f]{64}`));
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
