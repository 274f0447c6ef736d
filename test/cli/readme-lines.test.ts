// README's own command lines, run as written in bash, as a new user would paste them: the quick
// start (`npx socle demo`, then the reads it suggests) in a fresh folder, and the API example's
// `npx socle serve &` … `kill $!`, which must stop the server cleanly (port freed, snapshot written)
// although `kill $!` signals npm's npx process and not the server (src/cli/launcher.ts).
// The fresh folder gets only node_modules/.bin/socle, a link to this checkout's bin/socle.js, which
// is what `npm install` of the project gives: npx runs it without asking the registry.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { DEFAULT_SNAPSHOT_POLICY } from '../../src/app/snapshot-keeper.ts';
import { SNAPSHOT_FILE_NAME } from '../../src/app/ledger-snapshot-file.ts';
import { writeLedger } from '../support/long-ledger.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PORT = 3000; // README's: the lines are run as written, so on the default port.

/** The README's lines inside ```sh blocks. */
const shellLines = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));

function readmeLine(pattern: RegExp): string {
  const line = shellLines.find((l) => pattern.test(l));
  if (line === undefined) throw new Error(`README has no line matching ${pattern}`);
  return line;
}

/** A folder where `npx socle` is this checkout, as after `npm install`. */
function freshFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'socle-readme-'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'bin', 'socle.js'), join(dir, 'node_modules', '.bin', 'socle'));
  return dir;
}

const ENV = { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '', SOCLE_LOG_LEVEL: 'info', npm_config_yes: 'false' };

function bash(script: string, cwd: string) {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd, env: ENV, encoding: 'utf8', timeout: 5 * 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Pids of the `socle serve` processes running in `cwd` (read from /proc: no pgrep needed). */
function serversIn(cwd: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (command.includes('socle serve') && readlinkSync(`/proc/${entry}/cwd`) === cwd) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

test('the quick start: npx socle demo, then the reads README suggests, as written', async () => {
  const cwd = freshFolder();
  const demo = bash(readmeLine(/^npx socle demo\b/), cwd);
  assert.is(demo.status, 0, demo.stderr);
  assert.ok(existsSync(join(cwd, 'data', 'socle.sqlite')), 'the ledger is in ./data');
  assert.ok(existsSync(join(cwd, 'out', 'budget-rafcom.xlsx')), 'the workbooks are in ./out');

  const verify = bash(readmeLine(/^npx socle verify\b/), cwd);
  assert.is(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /^ok [1-9]\d* [0-9a-f]{64}\n$/);

  const totals = bash(readmeLine(/^npx socle totals\b/), cwd);
  assert.is(totals.status, 0, totals.stderr);
  const document = JSON.parse(totals.stdout) as { programmeId: string; filters: { year: number }; total: string };
  assert.is(document.programmeId, 'rafcom');
  assert.is(document.filters.year, 2024);
  assert.match(document.total, /^\d+\.\d{2}$/);

  const exported = bash(readmeLine(/^npx socle export budget\b/), cwd);
  assert.is(exported.status, 0, exported.stderr);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(cwd, 'budget.xlsx'));
  assert.ok(workbook.getWorksheet('Provenance'), 'budget.xlsx has its Provenance sheet');

  const log = bash(readmeLine(/^npx socle log export\b/), cwd);
  assert.is(log.status, 0, log.stderr);
  const lines = readFileSync(join(cwd, 'ledger.jsonl'), 'utf8').trim().split('\n');
  assert.is(String(lines.length), verify.stdout.split(' ')[1]);

  const token = bash(readmeLine(/^npx socle token create\b/), cwd);
  assert.is(token.status, 0, token.stderr);
  assert.match(token.stdout.trim().split('\n').at(-1)!, /^\S{20,}$/);
});

test("the API example's `npx socle serve &` … `kill $!` stops the server: port freed, snapshot written", async () => {
  if (await portAnswers(PORT)) assert.unreachable(`port ${PORT} is already taken on this machine: README's serve line cannot be run as written`);
  const cwd = freshFolder();
  mkdirSync(join(cwd, 'data'));
  // Long enough for the server to write its snapshot when it stops.
  await writeLedger(join(cwd, 'data'), DEFAULT_SNAPSHOT_POLICY.minEvents);
  const serveLine = readmeLine(/^npx socle serve &/);
  const killLine = readmeLine(/^kill \$!/);
  // README's two lines; between them, only what a person does: wait until the server answers.
  const script = [serveLine, `until (exec 3<>/dev/tcp/127.0.0.1/${PORT}) 2>/dev/null; do sleep 0.2; done`, 'echo "npx pid $!"', killLine].join('\n');
  const child = spawn('bash', ['-c', script], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // 'exit', not 'close': a server left orphaned would hold the output pipes open for ever.
    await new Promise((resolve) => child.on('exit', resolve));
    assert.match(output, /npx pid \d+/);

    // The server (not npm) must now stop by itself: port freed, snapshot written, within 30 s.
    const deadline = Date.now() + 30_000;
    while ((await portAnswers(PORT)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.not.ok(await portAnswers(PORT), `the server still listens on ${PORT} after kill $!:\n${output}`);
    const snapshot = join(cwd, 'data', SNAPSHOT_FILE_NAME);
    while (!existsSync(snapshot) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(existsSync(snapshot), `no snapshot written:\n${output}`);
    assert.ok(statSync(snapshot).size > 0);
    assert.match(output, /listening on http:\/\/127\.0\.0\.1:3000/);
    assert.match(output, /arrêt : npm exec socle serve \(pid \d+\), qui a lancé le serveur, s'est arrêté/);
    // …and no socle process is left behind in that folder (it writes the snapshot, then closes the
    // store and exits: give that last step the same deadline, on a busy machine it takes a moment).
    while (serversIn(cwd).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(serversIn(cwd), [], `socle serve still ran in ${cwd}`);
  } finally {
    child.stdout.destroy();
    child.stderr.destroy();
    // Whatever the outcome, no server this test started outlives it.
    for (const pid of serversIn(cwd)) process.kill(pid, 'SIGKILL');
  }
});

test.run();
