// The command line as issue [ledger-core] asks: demo, verify, tamper detection, log export/import,
// and bad input answered with one line, a non-zero exit, and nothing written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, socle, tempDir } from './run-cli.ts';

const work = tempDir();
const data = join(work, 'data');
const out = join(work, 'out');

test('demo loads the ledger, prints totals and writes workbooks', () => {
  const first = socle(['demo', '--data', data, '--out', out]);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /^\d[\d\u202f]* événements écrits \(/m);
  assert.match(first.stdout, /^Feuille de route « Usages du Numérique » 2023-2026 — réalisé, toutes années — total /m);
  assert.match(first.stdout, /^Acte 3 — inclusion numérique dans les espaces sociaux communs 2023-2026 — réalisé, /m);
  assert.ok(readdirSync(out).some((f) => f.endsWith('.xlsx')), 'workbooks written');
});

test('running demo again duplicates nothing', () => {
  const before = socle(['verify', '--data', data]);
  const again = socle(['demo', '--data', data, '--out', out]);
  assert.is(again.status, 0, again.stderr);
  assert.match(again.stdout, /^registre de démonstration déjà chargé : rien d'écrit/m);
  const after = socle(['verify', '--data', data]);
  assert.is(after.stdout, before.stdout);
});

test('verify prints ok EVENTS HEADHASH', () => {
  const result = socle(['verify', '--data', data]);
  assert.is(result.status, 0, result.stderr);
  assert.match(lastLine(result.stdout), /^ok [1-9]\d* [0-9a-f]{64}$/);
});

test('log export then import into an empty directory gives the same verify line', () => {
  const file = join(work, 'ledger.jsonl');
  const exported = socle(['log', 'export', '--out', file, '--data', data]);
  assert.is(exported.status, 0, exported.stderr);
  const copy = join(work, 'copy');
  const imported = socle(['log', 'import', file, '--data', copy]);
  assert.is(imported.status, 0, imported.stderr);
  assert.is(socle(['verify', '--data', copy]).stdout, socle(['verify', '--data', data]).stdout);
  const totals = (dir: string) => socle(['totals', '--programme', 'rafcom', '--year', '2024', '--data', dir]).stdout;
  assert.is(totals(copy), totals(data));
});

test('an import of a tampered file is refused and writes nothing', () => {
  const file = join(work, 'ledger.jsonl');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const event = JSON.parse(lines[10]!);
  event.data.name = 'altered';
  lines[10] = JSON.stringify(event);
  const bad = join(work, 'bad.jsonl');
  writeFileSync(bad, lines.join('\n') + '\n');
  const target = join(work, 'refused');
  const result = socle(['log', 'import', bad, '--data', target]);
  assert.is.not(result.status, 0);
  assert.is(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /position 11/);
  assert.match(lastLine(socle(['verify', '--data', target]).stdout), /^ok 0 0{64}$/);
});

test('editing one stored event by hand makes verify exit 1 naming its position', () => {
  const copy = join(work, 'copy');
  const db = new Database(join(copy, 'socle.sqlite'));
  // A deliberate editor first drops the triggers that stop accidental edits.
  db.exec('DROP TRIGGER IF EXISTS events_are_immutable_update; DROP TRIGGER IF EXISTS events_are_immutable_delete;');
  db.prepare(`UPDATE events SET data = replace(data, '"quantity":"', '"quantity":"1') WHERE position = (SELECT min(position) FROM events WHERE type = 'ContributionRecorded' AND data LIKE '%"quantity":"%')`).run();
  const position = (db.prepare(`SELECT min(position) AS p FROM events WHERE type = 'ContributionRecorded' AND data LIKE '%"quantity":"1%'`).get() as { p: number }).p;
  db.close();
  const result = socle(['verify', '--data', copy]);
  assert.is(result.status, 1);
  assert.match(result.stderr, new RegExp(`position ${position}\\b`));
});

test('bad input: one line on stderr, non-zero exit, nothing written', () => {
  const fresh = join(work, 'fresh');
  const cases: string[][] = [
    ['totals', '--data', fresh],
    ['totals', '--programme', 'rafcom', '--year', 'twenty', '--data', fresh],
    ['totals', '--programme', 'rafcom', '--status', 'maybe', '--data', fresh],
    ['totals', '--programme', 'nowhere', '--data', fresh],
    ['verify', '--unknown-flag', '--data', fresh],
    ['log', 'import', join(work, 'missing.jsonl'), '--data', fresh],
    ['log', 'export', '--data', fresh],
    ['log', 'frobnicate'],
  ];
  for (const args of cases) {
    const result = socle(args, { cwd: work });
    assert.is.not(result.status, 0, `exit code for ${args.join(' ')}`);
    assert.is(result.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${result.stderr}`);
    assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.not.ok(existsSync(fresh), 'nothing written: not even the data folder');
  assert.not.ok(existsSync(join(work, 'data', 'nonsense')));
});

test.run();
