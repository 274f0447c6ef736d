// socle diff: what changed since a stamp, in French lines or JSON; bad stamps are one line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { socle, tempDir } from './run-cli.ts';

const data = join(tempDir(), 'data');
let stamp = 0;

test.before(async () => {
  const ledger = await Socle.open({ dataDir: data });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => ledger.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } });
  const grant = (amount: string) => ({ partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-05-01', amount }) as const;
  await ledger.commands.handleContribution({ type: 'RecordContribution', programmeId: 'p', contributionId: 'g1', content: grant('1000') }, CLI_ACTOR);
  stamp = (await ledger.store.head()).position;
  await ledger.commands.handleContribution({ type: 'CorrectContribution', programmeId: 'p', contributionId: 'g1', reason: 'avenant', content: grant('1250.50') }, CLI_ACTOR);
  await ledger.close();
});

test('socle diff --from: the figures that moved and the events, in French', () => {
  const r = socle(['diff', '--programme', 'p', '--from', String(stamp), '--data', data]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, `  total réalisé : 1\u202f000,00 € → 1\u202f250,50 € (+250,50 €) — événement ${stamp + 1}\n`);
  assert.match(r.stdout, new RegExp(`^  ${stamp + 1}  \\S+  correction, contribution g1 \\(caf\\), par cli \\(coordinator\\), motif « avenant » : réalisé \\+250,50 €, prévu \\+0,00 €$`, 'm'));
  const json = JSON.parse(socle(['diff', '--programme', 'p', '--from', String(stamp), '--json', '--data', data]).stdout);
  assert.is(json.events[0].effect.actual, '250.50');
});

test('bad stamps: one line, non-zero exit', () => {
  for (const [args, message] of [
    [['diff', '--programme', 'p'], /--from: obligatoire/],
    [['diff', '--programme', 'p', '--from', 'hier'], /--from: attendu une position du journal .* pas « hier »/],
    [['diff', '--programme', 'p', '--from', String(stamp + 1), '--to', '1'], /est après le point d’arrivée/],
    [['diff', '--programme', 'p', '--from', '2999-01-01'], /^socle diff: --from: la date 2999-01-01 est dans le futur|--from: la date 2999-01-01 est dans le futur/],
  ] as [string[], RegExp][]) {
    const r = socle([...args, '--data', data]);
    assert.is.not(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test.run();
