// `socle serve` signs a checkpoint of the head periodically when events came, and only then.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createToken, serve } from './child.ts';
import { call } from './helpers.ts';
import { socle as runCli } from '../cli/run-cli.ts';

test('every interval with new events, one signed checkpoint; none while nothing happens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-serve-checkpoints-'));
  const server = await serve(dir, { SOCLE_CHECKPOINT_INTERVAL_MS: '150' });
  try {
    const coordinator = createToken(dir, '--role', 'coordinator');
    assert.is((await call(server.url, 'POST', '/api/programmes', { token: coordinator, body: { id: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' } })).status, 201);
    const checkpoints = async () => (await call(server.url, 'GET', '/api/ledger/verify', { token: coordinator })).json;
    let verdict = await checkpoints();
    for (let i = 0; i < 50 && verdict.checkpoints === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      verdict = await checkpoints();
    }
    assert.equal(verdict, { ok: true, events: 2, headHash: verdict.headHash, checkpoints: 1 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.is((await checkpoints()).checkpoints, 1, 'nothing new: not signed again');
    assert.match(server.stderr(), /point de contrôle signé/);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad SOCLE_CHECKPOINT_INTERVAL_MS is one French line and no start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-serve-checkpoints-'));
  try {
    const result = runCli(['serve', '--port', '0', '--data', dir], { env: { SOCLE_CHECKPOINT_INTERVAL_MS: 'often' } });
    assert.is(result.status, 1);
    assert.is(result.stderr.trim(), 'socle serve: SOCLE_CHECKPOINT_INTERVAL_MS doit être un nombre entier de millisecondes (0 : jamais), pas « often »');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
