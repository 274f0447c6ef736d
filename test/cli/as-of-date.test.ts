// --as-of-date on the command line (socle totals, socle export): the ledger after the last event
// recorded at or before the date; a bad date is one line on stderr, a non-zero exit, nothing written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { collect } from '../store/contract.ts';
import type { RecordedEvent } from '../../src/store/port.ts';
import { socle, tempDir } from './run-cli.ts';

const work = tempDir();
const data = join(work, 'data');
const out = join(work, 'out');
mkdirSync(out);
let events: RecordedEvent[] = [];

test.before(async () => {
  const ledger = await Socle.open({ dataDir: data });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => ledger.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } });
  for (const [id, amount] of [['c1', '100'], ['c2', '250.50']]) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ledger.commands.handleContribution({ type: 'RecordContribution', programmeId: 'p', contributionId: id!, content: { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-05-01', amount: amount! } }, CLI_ACTOR);
  }
  events = await collect(ledger.store.readAll());
  await ledger.close();
});

test('socle totals --as-of-date: the totals at the position the date resolves to, the date asked in the stamp', () => {
  const c1 = events[2]!;
  const r = socle(['totals', '--programme', 'p', '--as-of-date', c1.recordedAt, '--data', data]);
  assert.is(r.status, 0, r.stderr);
  const document = JSON.parse(r.stdout);
  assert.equal(document.asOf, { position: 3, headHash: c1.hash, asked: { date: c1.recordedAt, instant: c1.recordedAt } });
  assert.is(document.total, '100.00', 'c1 alone');
});

test('socle export --as-of-date: the workbook at that position', () => {
  const c1 = events[2]!;
  const r = socle(['export', 'journal', '--programme', 'p', '--as-of-date', c1.recordedAt, '--data', data], { cwd: out });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`\\(position 3, empreinte ${c1.hash}\\)`));
});

test('bad dates: one line, non-zero exit, nothing written', () => {
  const verify = () => socle(['verify', '--data', data]).stdout;
  const before = verify();
  const written = readdirSync(out);
  const cases: [string[], RegExp][] = [
    [['totals', '--programme', 'p', '--as-of-date', '31/01/2025'], /--as-of-date: attendu une date AAAA-MM-JJ/],
    [['totals', '--programme', 'p', '--as-of-date', '2000-01-01'], /--as-of-date: la date 2000-01-01 précède le premier événement du programme p/],
    [['totals', '--programme', 'p', '--as-of-date', '2999-12-31'], /--as-of-date: la date 2999-12-31 est dans le futur/],
    [['totals', '--programme', 'p', '--as-of', '2', '--as-of-date', '2025-01-01'], /pas les deux/],
    [['export', 'budget', '--programme', 'p', '--as-of-date', '2999-12-31'], /est dans le futur/],
    [['export', 'journal', '--programme', 'p', '--as-of-date', 'hier'], /pas « hier »/],
  ];
  for (const [args, message] of cases) {
    const r = socle([...args, '--data', data], { cwd: out });
    assert.is.not(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
  assert.equal(readdirSync(out), written, 'no workbook');
  assert.is(verify(), before, 'nothing appended');
});

test.run();
