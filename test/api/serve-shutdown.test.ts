// `socle serve` always stops on one SIGTERM, even when the read model's snapshot cannot be written:
// the failure is one French line in the log, and the process still closes its store and exits 0.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SNAPSHOT_POLICY } from '../../src/app/snapshot-keeper.ts';
import { SNAPSHOT_FILE_NAME } from '../../src/app/ledger-snapshot-file.ts';
import { cli, serve } from './child.ts';
import { writeLedger } from '../support/long-ledger.ts';

test('a snapshot that cannot be written is logged in French, and one SIGTERM still stops the server with code 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-shutdown-'));
  try {
    await writeLedger(dir, DEFAULT_SNAPSHOT_POLICY.minEvents);
    // A directory (not empty) where the snapshot file goes: the rename over it fails.
    mkdirSync(join(dir, SNAPSHOT_FILE_NAME));
    writeFileSync(join(dir, SNAPSHOT_FILE_NAME, 'keep'), 'x');
    const server = await serve(dir);
    const started = Date.now();
    server.child.kill('SIGTERM');
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 10_000).unref());
    const code = await Promise.race([server.exited, timeout]);
    if (code === 'still running') server.child.kill('SIGKILL');
    assert.is(code, 0, server.stderr() + server.stdout());
    assert.ok(Date.now() - started < 10_000);
    const lines = server.stderr().trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number });
    const failure = lines.filter((l) => l.msg.startsWith("instantané du modèle de lecture non écrit"));
    assert.is(failure.length, 1, server.stderr());
    assert.is(failure[0]!.level, 50, 'logged as an error');
    assert.ok(lines.at(-1)!.msg === 'arrêté', 'the last line says it stopped');
    // verify also compares a snapshot with a replay: take the obstacle away first.
    rmSync(join(dir, SNAPSHOT_FILE_NAME), { recursive: true });
    // The store was closed cleanly: the chain holds and every event is there (2 set-up + 10,000).
    const verified = cli(['verify'], dir);
    assert.is(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, new RegExp(`^ok ${DEFAULT_SNAPSHOT_POLICY.minEvents + 2} [0-9a-f]{64}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
