// socle closing (issue 16): close a year, read its account with the adjustments since, refuse them
// by setting, reopen; bad input is one line and writes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { socle, tempDir } from './run-cli.ts';

const data = join(tempDir(), 'data');
const grant = (amount: string) => ({ partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-05-01', amount }) as const;

test.before(async () => {
  const ledger = await Socle.open({ dataDir: data });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => ledger.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } });
  await ledger.commands.handleContribution({ type: 'RecordContribution', programmeId: 'p', contributionId: 'g1', content: grant('1000') }, CLI_ACTOR);
  await ledger.close();
});

test('close, adjust, show: the closed figures and the adjustment', async () => {
  const closed = socle(['closing', 'close', '--programme', 'p', '--year', '2024', '--reason', 'compte rendu envoyé', '--data', data]);
  assert.is(closed.status, 0, closed.stderr);
  assert.match(closed.stdout, /^année 2024 close : son compte est le registre à la position 3, empreinte [0-9a-f]{64} \(événement 4\)$/m);
  const ledger = await Socle.open({ dataDir: data });
  await ledger.commands.handleContribution({ type: 'CorrectContribution', programmeId: 'p', contributionId: 'g1', reason: 'avenant', content: grant('1250.50') }, CLI_ACTOR);
  await ledger.close();
  const shown = socle(['closing', 'show', '--programme', 'p', '--year', '2024', '--data', data]);
  assert.is(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, 'chiffres clos : réalisé 1\u202f000,00 €, prévu 0,00 €');
  assert.match(shown.stdout, /chiffres actuels \(position 5\) : réalisé 1\u202f250,50 €/);
  assert.match(shown.stdout, /^  5  \S+  correction, contribution g1 \(caf\), par cli \(coordinator\), motif « avenant » : réalisé 250,50 €, prévu 0,00 €$/m);
});

test('refused by setting, then reopened; bad input is one line', () => {
  assert.is(socle(['closing', 'policy', '--programme', 'p', '--policy', 'refuse', '--data', data]).status, 0);
  const before = socle(['verify', '--data', data]).stdout;
  for (const [args, message] of [
    [['closing', 'close', '--programme', 'p', '--year', '2024', '--reason', 'encore'], /l’année 2024 est déjà close/],
    [['closing', 'reopen', '--programme', 'p', '--year', '2024'], /un motif est obligatoire/],
    [['closing', 'policy', '--programme', 'p', '--policy', 'maybe'], /--policy prend allow, require-reason, refuse/],
    [['closing', 'show', '--programme', 'p', '--year', '2025'], /l’année 2025 n’est pas close/],
    [['closing', 'frobnicate', '--programme', 'p'], /close, reopen, policy, show/],
  ] as [string[], RegExp][]) {
    const r = socle([...args, '--data', data]);
    assert.is.not(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.is(socle(['verify', '--data', data]).stdout, before, 'nothing written');
  const reopened = socle(['closing', 'reopen', '--programme', 'p', '--year', '2024', '--reason', 'subvention tardive', '--data', data]);
  assert.is(reopened.status, 0, reopened.stderr);
});

test.run();
