// socle service (issue 15): the command line records schedules, targets, indicators and
// measurements (and corrects and withdraws them), then reads the hours on a date against their
// target and each indicator against its own, in French; bad input is one line and writes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { socle, tempDir } from './run-cli.ts';

const data = join(tempDir(), 'data');
const P = ['--programme', 'p', '--data', data];
const ok = (args: string[]) => {
  const r = socle(['service', ...args, ...P]);
  assert.is(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

test.before(async () => {
  const ledger = await Socle.open({ dataDir: data });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => ledger.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'epci', name: 'EPCI', category: 'epci' } });
  await setUp({ type: 'DefineAxis', data: { programmeId: 'p', axisId: 'libre', title: 'Accès libre' } });
  await setUp({ type: 'DefineAction', data: { programmeId: 'p', actionId: 'a06', number: 6, title: 'Écoles', pilotPartnerId: 'epci', nature: 'fonctionnement' } });
  await setUp({ type: 'RegisterSite', data: { programmeId: 'p', siteId: 'retiers', name: 'FabLab de Retiers', partnerId: 'epci' } });
  await setUp({ type: 'RegisterSite', data: { programmeId: 'p', siteId: 'janze', name: 'FabLab de Janzé', partnerId: 'epci' } });
  await ledger.close();
});

test('schedules and a target, then the hours on a date against it', () => {
  // Six positions of set-up; the facts follow from 7.
  assert.is(ok(['schedule', '--id', 'r6', '--site', 'retiers', '--axis', 'libre', '--hours', '6', '--from', '2023-01-01', '--until', '2024-08-31']), 'horaire r6 enregistré (événement 7)');
  assert.is(ok(['schedule', '--id', 'r6', '--site', 'retiers', '--axis', 'libre', '--hours', '6', '--from', '2023-01-01', '--until', '2024-08-31']), 'horaire r6 enregistré : déjà fait à l’identique, rien d’écrit');
  assert.is(ok(['schedule', '--id', 'r9', '--site', 'retiers', '--axis', 'libre', '--hours', '9', '--from', '2024-09-01', '--note', 'mercredi après-midi ajouté']), 'horaire r9 enregistré (événement 8)');
  assert.is(ok(['schedule', '--id', 'j', '--site', 'janze', '--axis', 'libre', '--hours', '20', '--from', '2023-01-01']), 'horaire j enregistré (événement 9)');
  assert.is(ok(['correct-schedule', '--id', 'j', '--site', 'janze', '--axis', 'libre', '--hours', '21', '--from', '2023-01-01', '--reason', 'relevé des horaires']), 'horaire j corrigé (événement 10)');
  assert.is(ok(['target', '--id', 'double', '--label', 'Doubler les heures de 2023', '--multiplier', '2', '--baseline-on', '2023-12-31', '--due', '2026-12-31']), 'objectif double enregistré (événement 11)');
  const shown = ok(['show', '--date', '2024-10-01']);
  // On 2024-10-01: Retiers 9 + Janzé 21 = 30 h. Baseline 2023-12-31: 6 + 21 = 27, doubled 54; 30/54 = 55.55… → 55,6 %.
  // The line from 27 (2023-12-31) to 54 (2026-12-31) on 2024-10-01: 27 + 27 × 275/1096 = 33.774… → 33,77; 30 is below it.
  assert.match(shown, /^Feuille de route — heures de service par semaine au 01\/10\/2024 \(position 11, empreinte [0-9a-f]{64}\)$/m);
  assert.match(shown, /^  FabLab de Retiers, Accès libre : 9 h$/m);
  assert.match(shown, /^  FabLab de Janzé, Accès libre : 21 h$/m);
  assert.match(shown, /^par axe : Accès libre 30 h \(100,00 %\)$/m);
  assert.match(shown, /^en tout : 30 h par semaine$/m);
  assert.match(shown, /^  Doubler les heures de 2023 \(tout le programme\) : 30 h sur 54 h au 31\/12\/2026, 55,6 % ; attendu 33,77 h à cette date : en retard$/m);
  // As of position 9 (before the correction), Janzé had 20 h.
  const then = JSON.parse(ok(['show', '--date', '2024-10-01', '--as-of', '9', '--json']));
  assert.equal([then.asOf.position, then.hours.total, then.targets], [9, '29', []]);
  assert.is(ok(['withdraw-schedule', '--id', 'r9', '--reason', 'saisi deux fois']), 'horaire r9 retiré (événement 12)');
  assert.match(ok(['show', '--date', '2024-10-01']), /^en tout : 21 h par semaine$/m);
});

test('an indicator, its measurements, a withdrawal, and progress against its target', () => {
  assert.is(
    ok(['indicator', '--id', 'visites', '--action', 'a06', '--label', 'Accueils de classes', '--unit', 'accueils', '--baseline', '33', '--baseline-on', '2023-12-31', '--target', '40', '--due', '2026-12-31', '--direction', 'increase']),
    'indicateur visites défini (événement 13)',
  );
  assert.is(ok(['measurement', '--id', 'm2023', '--indicator', 'visites', '--value', '33', '--from', '2023-01-01', '--to', '2023-12-31', '--evidence', 'bilan 2023']), 'mesure m2023 enregistrée (événement 14)');
  assert.is(ok(['measurement', '--id', 'm2024', '--indicator', 'visites', '--value', '35', '--from', '2024-01-01', '--to', '2024-12-31']), 'mesure m2024 enregistrée (événement 15)');
  assert.is(ok(['correct-measurement', '--id', 'm2024', '--indicator', 'visites', '--value', '36', '--from', '2024-01-01', '--to', '2024-12-31', '--reason', 'une classe oubliée']), 'mesure m2024 corrigée (événement 16)');
  // 36/40 = 90 %; (36 − 33)/(40 − 33) = 42.857… → 42,9 % of the way; the line on 2024-12-31, 35.34, is below 36: on track.
  assert.match(
    ok(['indicators', '--date', '2025-06-30', '--action', 'a06']),
    /^  Accueils de classes — action n° 6 : référence 33, cible 40 accueils au 31\/12\/2026 ; dernière mesure 36 accueils \(du 01\/01\/2024 au 31\/12\/2024\) ; 90 % de la cible, 42,9 % du chemin : dans la trajectoire$/m,
  );
  assert.is(ok(['withdraw-measurement', '--id', 'm2024', '--reason', 'compté deux fois']), 'mesure m2024 retirée (événement 17)');
  const after = JSON.parse(ok(['indicators', '--date', '2025-06-30', '--json']));
  assert.equal([after.indicators[0].latest.measurementId, after.indicators[0].percentOfTarget, after.indicators[0].series.length], ['m2023', '82.5', 1]);
});

test('bad input is one French line and writes nothing', () => {
  const before = socle(['verify', '--data', data]).stdout;
  for (const [args, message] of [
    [['frobnicate'], /socle service prend une de ces actions : schedule, correct-schedule/],
    [['schedule', '--site', 'retiers'], /a besoin de --id ID/],
    [['schedule', '--id', 'x', '--site', 'retiers', '--axis', 'libre', '--hours', 'beaucoup', '--from', '2025-01-01'], /^socle service: --hours : /],
    [['schedule', '--id', 'x', '--site', 'nulle-part', '--axis', 'libre', '--hours', '3', '--from', '2025-01-01'], /lieu inconnu/],
    [['schedule', '--id', 'x', '--site', 'janze', '--axis', 'libre', '--hours', '3', '--from', '2025-01-01'], /le lieu janze a déjà un horaire sur l’axe libre sur cette période/],
    [['correct-schedule', '--id', 'j', '--site', 'janze', '--axis', 'libre', '--hours', '22', '--from', '2023-01-01'], /un motif est obligatoire/],
    [['measurement', '--id', 'x', '--indicator', 'aucun', '--value', '1', '--from', '2024-01-01', '--to', '2024-12-31'], /indicateur inconnu : aucun/],
    [['withdraw-measurement', '--id', 'm2024', '--reason', 'encore'], /la mesure m2024 est retirée/],
    [['show', '--date', 'demain'], /--date attend une date AAAA-MM-JJ/],
    [['show', '--wat'], /option inconnue|--wat/],
  ] as [string[], RegExp][]) {
    const r = socle(['service', ...args, ...P]);
    assert.is.not(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.is(socle(['verify', '--data', data]).stdout, before, 'nothing written');
});

test.run();
