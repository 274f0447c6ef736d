// Several processes appending to one SQLite file at once (a CLI and a server, say): each append
// is one IMMEDIATE transaction reading the previous hash under the lock, so the writers never
// interleave: one gap-free chain, gap-free stream versions, every acknowledged event stored once.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { collect } from './contract.ts';
import { tempDir } from './sqlite-helpers.ts';

const FIXTURE = new URL('./fixtures/append-loop.ts', import.meta.url).pathname;
const PER_WRITER = 150;

function startWriter(path: string, prefix: string, startFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, path, String(PER_WRITER), prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, START_FILE: startFile, PAUSE_MS: '1' },
  });
  let stdout = '';
  let stderr = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.includes('ready\n')) markReady();
  });
  const done = new Promise<string[]>((resolve, reject) =>
    child.on('close', (code) => {
      markReady();
      if (code === 0) resolve(stdout.split('\n').filter(Boolean));
      else reject(new Error(`writer ${prefix} exited with ${code}: ${stderr}`));
    }),
  );
  return { ready, done };
}

test('three processes appending to one file give one gap-free chain', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  try {
    // The three open the empty file together (concurrent migration), then start appending at once.
    const startFile = join(dir, 'go');
    const writers = ['w1', 'w2', 'w3'].map((prefix) => startWriter(path, prefix, startFile));
    await Promise.all(writers.map((writer) => writer.ready));
    writeFileSync(startFile, '');
    const acknowledged = (await Promise.all(writers.map((writer) => writer.done))).flat();
    assert.is(acknowledged.length, 3 * PER_WRITER);

    const store = createSqliteStore({ path });
    try {
      const events = await collect(store.readAll());
      assert.equal(events.map((e) => e.position), Array.from({ length: 3 * PER_WRITER }, (_, i) => i + 1));
      assert.equal(events.map((e) => e.id).sort(), [...acknowledged].sort());
      const switches = events.filter((e, i) => i > 0 && e.id.split('-')[0] !== events[i - 1]!.id.split('-')[0]).length;
      assert.ok(switches > 2, 'the writers did run at the same time');
      const versions = new Map<string, number>();
      for (const event of events) {
        const expected = (versions.get(event.stream) ?? 0) + 1;
        assert.is(event.streamVersion, expected, `version of ${event.stream} at ${event.position}`);
        versions.set(event.stream, expected);
      }
      assert.equal(await store.verify(), { ok: true, events: 3 * PER_WRITER, headHash: (await store.head()).hash });
    } finally {
      await store.close();
    }
  } finally {
    remove();
  }
});

test.run();
