// Durability: a child process appends single events and prints each id once its append resolved;
// we kill it with SIGKILL mid-stream. Reopening the file must find every acknowledged id, and the
// chain must verify. (SIGKILL tests a crash of the process; the fsync of synchronous=FULL is what
// also covers a loss of power, which a test cannot simulate.)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { collect } from './contract.ts';
import { tempDir } from './sqlite-helpers.ts';

const FIXTURE = new URL('./fixtures/append-loop.ts', import.meta.url).pathname;
const ACKS_BEFORE_KILL = 300;

test('every acknowledged append survives a SIGKILL, and the chain verifies', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a line is an acknowledgement only once complete
      acknowledged.push(...lines);
      if (!killed && acknowledged.length >= ACKS_BEFORE_KILL) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    assert.is(exit.signal, 'SIGKILL', `the child was killed, not ended (${exit.code}): ${stderr}`);
    assert.ok(acknowledged.length >= ACKS_BEFORE_KILL);

    const store = createSqliteStore({ path });
    try {
      const stored = new Set((await collect(store.readAll())).map((event) => event.id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.equal(lost, [], 'acknowledged ids missing after the crash');
      const verified = await store.verify();
      assert.is(verified.ok, true);
      assert.ok(verified.events >= acknowledged.length);
    } finally {
      await store.close();
    }
  } finally {
    remove();
  }
});

test.run();
