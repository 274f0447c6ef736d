// The read model's snapshot on disk: a process opened on it answers what a process that replayed the
// whole log answers, and a snapshot that is damaged, from another log or beyond the log is refused
// (the process then replays). Real SQLite files in a temporary directory, the demo's ledger.
import '../key-file.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Socle, type SnapshotReport } from '../../src/app/socle.ts';
import { SNAPSHOT_FILE_NAME, readLedgerSnapshot, writeLedgerSnapshot } from '../../src/app/ledger-snapshot-file.ts';
import { SnapshotKeeper, type SnapshotEvent } from '../../src/app/snapshot-keeper.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { loadScenario } from '../../src/demo/load.ts';
import { demoScenario, RAFCOM } from '../../src/demo/scenario.ts';
import { encodeLedgerState } from '../../src/read-model/ledger-snapshot.ts';
import { verifyLedgerSnapshot } from '../../src/app/verify-snapshot.ts';
import { socle as runCli } from '../cli/run-cli.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'socle-snapshot-'));
  dirs.push(dir);
  return dir;
}

async function open(dir: string, snapshot = true): Promise<{ socle: Socle; report?: SnapshotReport }> {
  let report: SnapshotReport | undefined;
  const socle = await Socle.open({ dataDir: dir, snapshot, onSnapshot: (r) => (report = r) });
  return { socle, report };
}

/** A data directory holding the demo's ledger. */
async function demoLedger(): Promise<string> {
  const dir = dataDir();
  const { socle } = await open(dir, false);
  await loadScenario(socle.commands, demoScenario());
  await socle.close();
  return dir;
}

const totalsJson = async (socle: Socle) => JSON.stringify([await socle.totals(RAFCOM, { status: 'actual', include: 'active' }), await socle.totals(RAFCOM, { status: 'planned', include: 'validated', year: 2025 })]);

test('a process opened on the snapshot answers what a full replay answers, and catches up what came after it', async () => {
  const dir = await demoLedger();
  const first = await open(dir, false);
  const written = writeLedgerSnapshot(dir, first.socle.live.current);
  // Events after the snapshot: a correction and a withdrawal of contributions it holds.
  const [a, b] = first.socle.live.current.state.programmes.get(RAFCOM)!.contributionIds;
  const viewA = first.socle.live.current.state.contributions.get(a!)!;
  await first.socle.commands.handleContribution(
    { type: 'CorrectContribution', programmeId: RAFCOM, contributionId: viewA.contributionId, content: { ...viewA.content, description: 'recomptée' }, reason: 'recompte' },
    CLI_ACTOR,
  );
  // The lists hold the read model's keys (ledger.ts); a command names the client's id.
  const idB = first.socle.live.current.state.contributions.get(b!)!.contributionId;
  await first.socle.commands.handleContribution({ type: 'WithdrawContribution', programmeId: RAFCOM, contributionId: idB, reason: 'doublon' }, CLI_ACTOR);
  // And a fiche action set again (issue 14): it replaces the demo's, whole.
  await first.socle.commands.handleProgramme({ type: 'SetActionSheet', data: { programmeId: RAFCOM, actionId: 'a02', sheet: { objectives: 'Dix ateliers', calendar: [] } } }, CLI_ACTOR);
  await first.socle.close();

  const fromSnapshot = await open(dir);
  const fromStart = await open(dir, false);
  try {
    assert.equal(fromSnapshot.report, { used: true, position: written.position, ms: (fromSnapshot.report as { ms: number }).ms });
    assert.equal(fromStart.report, undefined, 'no snapshot asked for, none looked at');
    assert.is(fromSnapshot.socle.live.current.position, written.position + 3);
    assert.is(fromSnapshot.socle.live.current.hash, fromStart.socle.live.current.hash);
    assert.is(await totalsJson(fromSnapshot.socle), await totalsJson(fromStart.socle));
    assert.equal(encodeLedgerState(fromSnapshot.socle.live.current.state), encodeLedgerState(fromStart.socle.live.current.state));
    assert.is(fromSnapshot.socle.live.current.state.contributions.get(b!)!.review, 'withdrawn');
    // The fiches: the demo's a12 from the snapshot (four steps, src/demo/sheets.ts), a02 from the tail.
    const sheets = fromSnapshot.socle.live.current.state.programmes.get(RAFCOM)!.actionSheets;
    assert.equal(sheets.get('a12')?.calendar.map((s) => s.label), ['Recrutement du GT élus', 'GT élus chaque trimestre', 'COPIL 2025', 'COPIL 2026']);
    assert.equal(sheets.get('a02'), { objectives: 'Dix ateliers', calendar: [] });
  } finally {
    await fromSnapshot.socle.close();
    await fromStart.socle.close();
  }
});

test('a damaged, truncated or foreign snapshot is refused with its reason, and the process replays', async () => {
  const dir = await demoLedger();
  const { socle } = await open(dir, false);
  const expected = await totalsJson(socle);
  writeLedgerSnapshot(dir, socle.live.current);
  await socle.close();
  const path = join(dir, SNAPSHOT_FILE_NAME);
  const good = readFileSync(path);

  const cases: [string, Buffer, RegExp][] = [
    ['one byte changed', Buffer.concat([good.subarray(0, good.length - 10), Buffer.from([good[good.length - 10]! ^ 1]), good.subarray(good.length - 9)]), /HMAC/],
    ['truncated', good.subarray(0, good.length - 4), /truncated/],
    ['another code version', Buffer.from(good.toString('latin1').replace(/"codeHash":"[0-9a-f]+"/, `"codeHash":"${'0'.repeat(64)}"`), 'latin1'), /another version of the read model/],
    ['not a snapshot', Buffer.from('hello\n'), /header|format/],
  ];
  for (const [what, bytes, why] of cases) {
    writeFileSync(path, bytes);
    const reopened = await open(dir);
    try {
      const report = reopened.report!;
      assert.ok(!report.used && why.test(report.why), `${what}: ${JSON.stringify(report)}`);
      assert.is(await totalsJson(reopened.socle), expected, what);
    } finally {
      await reopened.socle.close();
    }
  }

  // Next to another log, the snapshot is refused: one as long with other events (the same
  // contributions recorded in the reverse order), and a shorter one.
  const scenario = demoScenario();
  const others: [Parameters<typeof loadScenario>[1], RegExp][] = [
    [{ ...scenario, lives: [...scenario.lives].reverse() }, /hash at position \d+ is not the snapshot's/],
    [{ ...scenario, lives: scenario.lives.slice(0, 3) }, /beyond the log's head/],
  ];
  for (const [otherScenario, why] of others) {
    const other = dataDir();
    const otherSocle = (await open(other, false)).socle;
    await loadScenario(otherSocle.commands, otherScenario);
    await otherSocle.close();
    writeFileSync(join(other, SNAPSHOT_FILE_NAME), good);
    const reopened = await open(other);
    try {
      const report = reopened.report!;
      assert.ok(!report.used && why.test(report.why), JSON.stringify(report));
      const read = await readLedgerSnapshot(other, reopened.socle.store);
      assert.ok('unusable' in read);
    } finally {
      await reopened.socle.close();
    }
  }
});

test('the keeper writes a snapshot once the read model is far enough ahead, and on shutdown', async () => {
  const dir = await demoLedger();
  const { socle } = await open(dir, false);
  const events: SnapshotEvent[] = [];
  const keeper = new SnapshotKeeper(socle, dir, 0, (e) => events.push(e), { minEvents: 10, every: 100, checkIntervalMs: 20 });
  try {
    keeper.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.is(events.length, 1, 'one periodic write, then nothing new to write');
    const first = events[0]!;
    assert.ok('written' in first && first.reason === 'periodic' && first.written.position === socle.live.current.position);
    const [key] = socle.live.current.state.programmes.get(RAFCOM)!.contributionIds;
    const id = socle.live.current.state.contributions.get(key!)!.contributionId;
    await socle.commands.handleContribution({ type: 'WithdrawContribution', programmeId: RAFCOM, contributionId: id, reason: 'doublon' }, CLI_ACTOR);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.is(events.length, 1, 'one event behind is not enough for a periodic write');
    keeper.stop();
    assert.is(events.length, 2);
    assert.ok('written' in events[1]! && events[1].reason === 'shutdown' && events[1].written.position === socle.live.current.position);
  } finally {
    await socle.close();
  }
  const reopened = await open(dir);
  try {
    assert.ok(reopened.report?.used);
  } finally {
    await reopened.socle.close();
  }
});

/**
 * The snapshot file with its set-up part changed by `alter`, and every checksum anyone could
 * compute without the key made to match again: its parts' sizes, and its MAC recomputed with a key
 * of the forger's own (the one on the operator's machine is out of reach).
 */
function forgeSnapshot(path: string, alter: (setUp: { programmes: { aggregates: [string, { cents: number }][] }[] }) => void): void {
  const file = readFileSync(path);
  const newline = file.indexOf(10);
  const header = JSON.parse(file.subarray(0, newline).toString('utf8'));
  const start = newline + 1;
  const setUp = JSON.parse(file.subarray(start, start + header.setUpBytes).toString('utf8'));
  alter(setUp);
  const parts = [Buffer.from(JSON.stringify(setUp), 'utf8'), file.subarray(start + header.setUpBytes, start + header.setUpBytes + header.idsBytes), file.subarray(start + header.setUpBytes + header.idsBytes)];
  const unsigned = { ...header, setUpBytes: parts[0]!.length };
  delete unsigned.mac;
  const forgerKey = createHash('sha256').update('the forger').digest();
  const hmac = createHmac('sha256', forgerKey);
  hmac.update(JSON.stringify([unsigned.format, unsigned.endianness, unsigned.codeHash, unsigned.position, unsigned.hash, unsigned.setUpBytes, unsigned.idsBytes, unsigned.rowsBytes]));
  for (const part of parts) hmac.update(part);
  writeFileSync(path, Buffer.concat([Buffer.from(`${JSON.stringify({ ...unsigned, mac: hmac.digest('hex') })}\n`), ...parts]));
}

test('a forged snapshot (an aggregate raised by 8,000 €, its checksums recomputed) is refused by the server, which says why and replays; verify names it', async () => {
  const dir = await demoLedger();
  const { socle: writer } = await open(dir, false);
  const expected = await totalsJson(writer);
  writeLedgerSnapshot(dir, writer.live.current);
  await writer.close();

  const whole = runCli(['verify', '--data', dir]);
  assert.is(whole.status, 0, whole.stderr);
  assert.match(whole.stdout, /^ok \d+ [0-9a-f]{64}\n$/);

  forgeSnapshot(join(dir, SNAPSHOT_FILE_NAME), (setUp) => {
    setUp.programmes[0]!.aggregates[0]![1].cents += 800_000;
  });
  const { socle: reader, report } = await open(dir);
  try {
    assert.ok(report && !report.used && report.refused, JSON.stringify(report));
    assert.match((report as { why: string }).why, /code d'authentification \(HMAC\) ne correspond pas/);
    assert.is(await totalsJson(reader), expected, 'the totals are the replayed ones, not the forged ones');
  } finally {
    await reader.close();
  }
  const altered = runCli(['verify', '--data', dir]);
  assert.is(altered.status, 1);
  assert.is(altered.stdout, '');
  assert.match(altered.stderr, /^socle verify : le journal est intact \(\d+ événements\), mais l'instantané ledger\.snapshot est refusé : son code d'authentification \(HMAC\) ne correspond pas/);
  assert.is(altered.stderr.trim().split('\n').length, 1);
});

test('a snapshot made with the key but not what the log gives (a stolen key) is caught by verify\'s replay', async () => {
  const dir = await demoLedger();
  const { socle } = await open(dir, false);
  const current = socle.live.current;
  // The state one event earlier, labelled with the last event's position and hash.
  const { replay } = await import('../../src/read-model/runner.ts');
  const { ledgerProjection } = await import('../../src/read-model/ledger.ts');
  const earlier = await replay(socle.store, ledgerProjection, { to: current.position - 1 });
  writeLedgerSnapshot(dir, { state: earlier.state, position: current.position, hash: current.hash });
  await socle.close();
  const result = runCli(['verify', '--data', dir]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /ne correspond pas à un rejeu du journal : il a été modifié/);
});

test('a directory or a FIFO at the snapshot path is refused, never read: start and verify do not hang', async () => {
  const dir = await demoLedger();
  const path = join(dir, SNAPSHOT_FILE_NAME);
  const { execFileSync } = await import('node:child_process');
  for (const [what, make, words] of [
    ['a directory', () => mkdirSync(path), /un dossier/],
    ['a FIFO', () => execFileSync('mkfifo', [path]), /un tube nommé \(FIFO\)/],
  ] as const) {
    make();
    try {
      const { socle, report } = await open(dir);
      try {
        assert.ok(report && !report.used && report.refused && words.test(report.why), `${what}: ${JSON.stringify(report)}`);
      } finally {
        await socle.close();
      }
      const result = runCli(['verify', '--data', dir]);
      assert.is(result.status, 1, what);
      assert.match(result.stderr, /l'instantané ledger\.snapshot est refusé : .* pas un fichier ordinaire : il n'a pas été lu ; supprimez-le/);
      assert.match(result.stderr, words);
    } finally {
      rmSync(path, { recursive: true, force: true });
    }
  }
});

loudHooks(test);
test.after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test.run();
