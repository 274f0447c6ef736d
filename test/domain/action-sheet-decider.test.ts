// The fiche action (issue 14, point 7): the coordinator sets an action's services concernés, enjeux,
// objectifs opérationnels and calendrier prévisionnel, whole; a later sheet replaces it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideProgramme, type ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { evolveProgramme, initialProgrammeState } from '../../src/domain/programme/state.ts';
import { InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import { ActionSheetSet, type ActionSheetContent, type ProgrammeEvent } from '../../src/domain/events.ts';
import { specFor } from './given-when-then.ts';

const given = specFor<ReturnType<typeof initialProgrammeState>, ProgrammeCommand, ProgrammeEvent>({
  initialState: initialProgrammeState,
  evolve: evolveProgramme,
  decide: decideProgramme,
});

const P = 'rafcom';
const opened: ProgrammeEvent = { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31' } };
const a02: ProgrammeEvent = { type: 'ActionDefined', data: { programmeId: P, actionId: 'a02', number: 2, title: 'Ateliers', nature: 'fonctionnement' } };
const setUp = [opened, a02];

const sheet: ActionSheetContent = {
  services: 'Service SIG-Numérique ; réseau des FabLab',
  stakes: 'Travailler à l’autonomisation des personnes',
  objectives: 'Ateliers de sensibilisation\nFormations d’initiation',
  calendar: [
    { label: 'Expérimentation', startsOn: '2024-01-01', endsOn: '2024-06-30' },
    { label: 'Déploiement', startsOn: '2024-09-01', endsOn: '2026-12-31' },
  ],
};
const set = (s: ActionSheetContent, actionId = 'a02'): ProgrammeCommand => ({ type: 'SetActionSheet', data: { programmeId: P, actionId, sheet: s } });
const setEvent = (s: ActionSheetContent): ProgrammeEvent => ({ type: 'ActionSheetSet', data: { programmeId: P, actionId: 'a02', sheet: s } });

test('given an action, when its fiche is set, then the sheet is recorded as sent', () => {
  const { state } = given(setUp).when(set(sheet)).then([setEvent(sheet)]);
  assert.equal(state.actionSheets.get('a02'), sheet);
});

test('given a fiche, when the same fiche is set again, then nothing is decided', () => {
  given([...setUp, setEvent(sheet)]).when(set({ ...sheet, calendar: sheet.calendar.map((s) => ({ ...s })) })).then([]);
});

test('given a fiche, when another is set, then it replaces the first whole: a field left out is cleared', () => {
  const second: ActionSheetContent = { objectives: 'Dix ateliers par an', calendar: [] };
  const { state } = given([...setUp, setEvent(sheet)]).when(set(second)).then([setEvent(second)]);
  assert.equal(state.actionSheets.get('a02'), { objectives: 'Dix ateliers par an', calendar: [] });
});

test('given an empty fiche, when it is set, then it is recorded (a fiche may be cleared)', () => {
  given(setUp).when(set({ calendar: [] })).then([setEvent({ calendar: [] })]);
});

test('given a programme, when the fiche of an unknown action is set, then it is refused by name', () => {
  given(setUp).when(set(sheet, 'a99')).then(NotFoundError, { message: /^action inconnue dans le programme rafcom : a99$/ });
  given([]).when(set(sheet)).then(NotFoundError, { message: /programme inconnu : rafcom/ });
});

test('given an action, when a step ends before it starts, then it is refused on that step', () => {
  const backwards = { ...sheet, calendar: [sheet.calendar[0]!, { label: 'Bilan', startsOn: '2025-06-30', endsOn: '2025-06-01' }] };
  given(setUp).when(set(backwards)).then(InvalidCommandError, { path: 'calendar.1.endsOn', message: /l’étape « Bilan » doit finir le jour de son début ou après/ });
  // One day is a step (a COPIL).
  const oneDay = { calendar: [{ label: 'COPIL', startsOn: '2025-06-12', endsOn: '2025-06-12' }] };
  given(setUp).when(set(oneDay)).then([setEvent(oneDay)]);
});

test('given a programme of 2023–2026, when a step leaves that period, then it is refused with the period', () => {
  for (const step of [
    { label: 'Avant', startsOn: '2022-12-31', endsOn: '2023-03-31' },
    { label: 'Après', startsOn: '2026-09-01', endsOn: '2027-01-01' },
  ])
    given(setUp)
      .when(set({ calendar: [step] }))
      .then(InvalidCommandError, { path: 'calendar.0', message: new RegExp(`l’étape « ${step.label} » sort de la période du programme \\(du 2023-01-01 au 2026-12-31\\)`) });
  // The programme's first and last days are in it.
  const whole = { calendar: [{ label: 'Tout', startsOn: '2023-01-01', endsOn: '2026-12-31' }] };
  given(setUp).when(set(whole)).then([setEvent(whole)]);
});

test('given an action, when a text passes 2 000 characters or the calendar 24 steps, then the decider refuses it too', () => {
  given(setUp).when(set({ stakes: 'x'.repeat(2000), calendar: [] })).then([setEvent({ stakes: 'x'.repeat(2000), calendar: [] })]);
  given(setUp).when(set({ stakes: 'x'.repeat(2001), calendar: [] })).then(InvalidCommandError, { path: 'stakes', message: /^au plus 2000 caractères$/ });
  const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `Trimestre ${i + 1}`, startsOn: '2024-01-01', endsOn: '2024-03-31' }));
  given(setUp).when(set({ calendar: steps(24) })).then([setEvent({ calendar: steps(24) })]);
  given(setUp).when(set({ calendar: steps(25) })).then(InvalidCommandError, { path: 'calendar', message: /au plus 24 étapes/ });
});

test('the event schema refuses blank texts, control characters, unreal dates and unknown fields', () => {
  const parse = (s: unknown) => ActionSheetSet.safeParse({ programmeId: P, actionId: 'a02', sheet: s });
  assert.ok(parse(sheet).success);
  const blank = parse({ services: '  ', calendar: [] });
  assert.not.ok(blank.success);
  assert.match(blank.error!.issues[0]!.message, /ne doit pas être vide : omettez le champ/);
  assert.not.ok(parse({ services: 'a\u0007b', calendar: [] }).success);
  assert.not.ok(parse({ calendar: [{ label: 'x', startsOn: '2024-02-30', endsOn: '2024-03-01' }] }).success);
  assert.not.ok(parse({ calendar: [{ label: '', startsOn: '2024-02-01', endsOn: '2024-03-01' }] }).success);
  assert.not.ok(parse({ indicators: [], calendar: [] }).success);
  assert.not.ok(parse({ services: 'x' }).success, 'the calendar is always sent, empty when there is none');
});

test('evolve refuses the fiche of an action that was never defined', () => {
  const state = evolveProgramme(initialProgrammeState(), opened);
  assert.throws(() => evolveProgramme(state, setEvent(sheet)), /fiche of unknown action a02/);
});

test.run();
