// The rules of service hours, targets, indicators and measurements (issue 15), given/when/then:
// given the service stream's past events, when a command (by an actor, against a programme's
// set-up), then these events or this error. Plus, through the real command handler on a store:
// a refused command writes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideService, type ServiceCommand } from '../../src/domain/service/decider.ts';
import { evolveService, initialServiceState, type ServiceState } from '../../src/domain/service/state.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../../src/domain/programme/state.ts';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { ProgrammeEvent, ServiceEvent, ServiceScheduleContent } from '../../src/domain/events.ts';
import { specFor } from './given-when-then.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { LedgerCommands } from '../../src/app/commands.ts';

const P = 'rafcom';
const setUp: ProgrammeEvent[] = [
  { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
  { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'rafcom', name: 'Roche aux Fées Communauté', category: 'epci' } },
  { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'libellule', name: 'Réseau Libellule', category: 'commune' } },
  { type: 'AxisDefined', data: { programmeId: P, axisId: 'openlab', title: 'Accès libre' } },
  { type: 'AxisDefined', data: { programmeId: P, axisId: 'animation', title: 'Animation numérique' } },
  { type: 'ActionDefined', data: { programmeId: P, actionId: 'a06', number: 6, title: 'Écoles', axisId: 'openlab', pilotPartnerId: 'rafcom', nature: 'fonctionnement' } },
  { type: 'ActionDefined', data: { programmeId: P, actionId: 'a04', number: 4, title: 'Médiathèques', pilotPartnerId: 'libellule', nature: 'fonctionnement' } },
  { type: 'SiteRegistered', data: { programmeId: P, siteId: 'fablab-retiers', name: 'FabLab de Retiers', partnerId: 'rafcom' } },
  { type: 'SiteRegistered', data: { programmeId: P, siteId: 'mediatheque', name: 'Médiathèque', partnerId: 'libellule' } },
  { type: 'SiteRegistered', data: { programmeId: P, siteId: 'halle', name: 'Halle sans exploitant' } },
];
const programme: ProgrammeState = setUp.reduce(evolveProgramme, initialProgrammeState());

const coordinator: Actor = { name: 'coordination', role: 'coordinator' };
const rafcom: Actor = { name: 'rafcom', role: 'partner', partnerId: 'rafcom' };
const libellule: Actor = { name: 'libellule', role: 'partner', partnerId: 'libellule' };
const treasurer: Actor = { name: 'trésorerie', role: 'treasurer' };

const as = (actor: Actor) =>
  specFor<ServiceState, ServiceCommand, ServiceEvent>({
    initialState: initialServiceState,
    evolve: evolveService,
    decide: (command, state) => decideService(command, state, { programme, actor }),
  });

const retiers6: ServiceScheduleContent = { siteId: 'fablab-retiers', axisId: 'openlab', hoursPerWeek: '6', from: '2023-01-01', until: '2024-08-31' };
const retiers9: ServiceScheduleContent = { siteId: 'fablab-retiers', axisId: 'openlab', hoursPerWeek: '9', from: '2024-09-01', note: 'mercredi après-midi ajouté' };
const set6: ServiceEvent = { type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-1', schedule: retiers6 } };

// ---- schedules ----

test('a partner sets the schedule of a site it runs; the same command again decides nothing', () => {
  as(rafcom)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-1', schedule: retiers6 }).then([set6]);
  as(rafcom)([set6]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-1', schedule: retiers6 }).then([]);
  as(rafcom)([set6]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-1', schedule: retiers9 }).then(ConflictError, { message: /l’horaire retiers-1 existe déjà/ });
});

test('6 h until the end of August, then 9 h from the new school year: they follow, they do not overlap', () => {
  as(rafcom)([set6])
    .when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 })
    .then([{ type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 } }]);
});

test('overlapping schedules of one site on one axis are refused, naming the other one', () => {
  const early9 = { ...retiers9, from: '2024-08-31' };
  as(rafcom)([set6]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-2', schedule: early9 }).then(InvalidCommandError, {
    path: 'schedule.from',
    message: /le lieu fablab-retiers a déjà un horaire sur l’axe openlab sur cette période \(retiers-1, du 2023-01-01 au 2024-08-31\)/,
  });
  // An open-ended schedule overlaps everything after its start.
  const open = { ...retiers6, until: undefined } as ServiceScheduleContent;
  delete (open as { until?: string }).until;
  const setOpen: ServiceEvent = { type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-1', schedule: open } };
  as(rafcom)([setOpen]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 }).then(InvalidCommandError, { message: /sans fin/ });
  // Another axis of the same site, at the same time, is no overlap.
  const animation = { ...retiers9, axisId: 'animation' };
  as(rafcom)([setOpen])
    .when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-anim', schedule: animation })
    .then([{ type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-anim', schedule: animation } }]);
});

test('a correction that would overlap is refused; one that ends the schedule makes room; a withdrawn schedule is no obstacle', () => {
  const setOpen: ServiceEvent = { type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-1', schedule: { ...retiers6, until: undefined } as ServiceScheduleContent } };
  delete (setOpen.data as { schedule: { until?: string } }).schedule.until;
  const ended: ServiceEvent = { type: 'ServiceScheduleCorrected', data: { programmeId: P, scheduleId: 'retiers-1', reason: 'passage à 9 h à la rentrée', schedule: retiers6 } };
  as(rafcom)([setOpen]).when({ type: 'CorrectSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'passage à 9 h à la rentrée', schedule: retiers6 }).then([ended]);
  as(rafcom)([setOpen, ended]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 }).then([
    { type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 } },
  ]);
  const set9: ServiceEvent = { type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 } };
  as(rafcom)([set6, set9])
    .when({ type: 'CorrectSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'prolongé', schedule: { ...retiers6, until: '2024-12-31' } })
    .then(InvalidCommandError, { message: /retiers-2/ });
  const withdrawn: ServiceEvent = { type: 'ServiceScheduleWithdrawn', data: { programmeId: P, scheduleId: 'retiers-1', reason: 'saisi sur le mauvais lieu' } };
  as(rafcom)([set6]).when({ type: 'WithdrawSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'saisi sur le mauvais lieu' }).then([withdrawn]);
  as(rafcom)([set6, withdrawn])
    .when({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-3', schedule: retiers6 })
    .then([{ type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'retiers-3', schedule: retiers6 } }]);
  as(rafcom)([set6, withdrawn]).when({ type: 'WithdrawSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'encore' }).then(ConflictError, { message: /retiré/ });
});

test('a correction needs a reason and must change something; an unknown schedule is not found', () => {
  as(rafcom)([set6]).when({ type: 'CorrectSchedule', programmeId: P, scheduleId: 'retiers-1', reason: '  ', schedule: { ...retiers6, hoursPerWeek: '7' } }).then(InvalidCommandError, { path: 'reason', message: /motif est obligatoire/ });
  as(rafcom)([set6]).when({ type: 'CorrectSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'rien', schedule: retiers6 }).then(InvalidCommandError, { message: /ne change rien/ });
  as(rafcom)([]).when({ type: 'CorrectSchedule', programmeId: P, scheduleId: 'nope', reason: 'x', schedule: retiers6 }).then(NotFoundError, { message: /horaire inconnu dans le programme rafcom : nope/ });
});

test('a schedule on an unknown site, on an unknown axis, outside the programme or ending before it starts is refused', () => {
  as(coordinator)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 's', schedule: { ...retiers6, siteId: 'fablab-nulle-part' } }).then(InvalidCommandError, { path: 'schedule.siteId', message: /lieu inconnu : fablab-nulle-part/ });
  as(coordinator)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 's', schedule: { ...retiers6, axisId: 'axe9' } }).then(InvalidCommandError, { path: 'schedule.axisId', message: /axe inconnu : axe9/ });
  as(coordinator)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 's', schedule: { ...retiers6, from: '2022-09-01' } }).then(InvalidCommandError, { path: 'schedule.from', message: /hors de la période du programme/ });
  as(coordinator)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 's', schedule: { ...retiers6, until: '2022-12-31' } }).then(InvalidCommandError, { path: 'schedule.until', message: /la fin doit tomber le jour du début ou après/ });
  const unopened = initialProgrammeState();
  assert.throws(() => decideService({ type: 'SetSchedule', programmeId: 'x', scheduleId: 's', schedule: retiers6 }, initialServiceState(), { programme: unopened, actor: coordinator }), (e: unknown) => e instanceof NotFoundError && /programme inconnu : x/.test((e as Error).message));
});

test('a partner writing another partner’s site is refused with a clear French error; the coordinator writes any', () => {
  const mediatheque = { ...retiers6, siteId: 'mediatheque' };
  as(rafcom)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'm', schedule: mediatheque }).then(ForbiddenError, {
    message: /^le lieu mediatheque est tenu par le partenaire libellule : un partenaire \(rafcom\) n’enregistre les horaires que de ses propres lieux$/,
  });
  as(libellule)([set6]).when({ type: 'WithdrawSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'pas à nous' }).then(ForbiddenError, { message: /tenu par le partenaire rafcom/ });
  // Moving one's schedule onto another partner's site is writing that site.
  as(rafcom)([set6]).when({ type: 'CorrectSchedule', programmeId: P, scheduleId: 'retiers-1', reason: 'autre lieu', schedule: mediatheque }).then(ForbiddenError, { message: /tenu par le partenaire libellule/ });
  as(rafcom)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'h', schedule: { ...retiers6, siteId: 'halle' } }).then(ForbiddenError, { message: /n’est tenu par aucun partenaire/ });
  as(coordinator)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'm', schedule: mediatheque }).then([{ type: 'ServiceScheduleSet', data: { programmeId: P, scheduleId: 'm', schedule: mediatheque } }]);
  as(treasurer)([]).when({ type: 'SetSchedule', programmeId: P, scheduleId: 'r', schedule: retiers6 }).then(ForbiddenError, { message: /le rôle treasurer ne permet pas cette opération/ });
});

// ---- targets ----

const doubling = { label: 'Doubler les heures de 2023', unit: 'hours_per_week' as const, baselineOn: '2023-12-31', multiplier: '2', dueOn: '2026-12-31' };

test('the coordinator sets a target, by value or as a multiple of the baseline; partners may not', () => {
  const set: ServiceEvent = { type: 'ServiceTargetSet', data: { programmeId: P, targetId: 'doubler', target: doubling } };
  as(coordinator)([]).when({ type: 'SetTarget', programmeId: P, targetId: 'doubler', target: doubling }).then([set]);
  as(rafcom)([]).when({ type: 'SetTarget', programmeId: P, targetId: 'doubler', target: doubling }).then(ForbiddenError, { message: /fixés par la coordination/ });
  as(coordinator)([]).when({ type: 'SetTarget', programmeId: P, targetId: 't', target: { ...doubling, value: '30' } }).then(InvalidCommandError, { path: 'target.value', message: /soit une valeur/ });
  as(coordinator)([]).when({ type: 'SetTarget', programmeId: P, targetId: 't', target: { ...doubling, siteId: 'ailleurs' } }).then(InvalidCommandError, { path: 'target.siteId' });
  as(coordinator)([]).when({ type: 'SetTarget', programmeId: P, targetId: 't', target: { ...doubling, dueOn: '2023-06-30' } }).then(InvalidCommandError, { path: 'target.dueOn' });
  const corrected = { ...doubling, multiplier: '1.5' };
  as(coordinator)([set]).when({ type: 'CorrectTarget', programmeId: P, targetId: 'doubler', reason: 'COPIL : option basse revue', target: corrected }).then([
    { type: 'ServiceTargetCorrected', data: { programmeId: P, targetId: 'doubler', reason: 'COPIL : option basse revue', target: corrected } },
  ]);
});

// ---- indicators and measurements ----

const visits = { actionId: 'a06', label: 'Accueils de groupes scolaires', unit: 'accueils', baseline: '33', baselineOn: '2023-12-31', target: '40', dueOn: '2026-12-31', direction: 'increase' as const };
const defined: ServiceEvent = { type: 'IndicatorDefined', data: { programmeId: P, indicatorId: 'a06-accueils', indicator: visits } };
const in2023 = { indicatorId: 'a06-accueils', value: '33', periodFrom: '2023-01-01', periodTo: '2023-12-31', evidence: 'Bilan 2023 de la feuille de route' };

test('the pilot of an action defines its indicators and records their measurements', () => {
  as(rafcom)([]).when({ type: 'DefineIndicator', programmeId: P, indicatorId: 'a06-accueils', indicator: visits }).then([defined]);
  as(rafcom)([defined]).when({ type: 'RecordMeasurement', programmeId: P, measurementId: 'm2023', measurement: in2023 }).then([
    { type: 'MeasurementRecorded', data: { programmeId: P, measurementId: 'm2023', measurement: in2023 } },
  ]);
  as(libellule)([]).when({ type: 'DefineIndicator', programmeId: P, indicatorId: 'x', indicator: visits }).then(ForbiddenError, { message: /pilotée par le partenaire rafcom/ });
  as(libellule)([defined]).when({ type: 'RecordMeasurement', programmeId: P, measurementId: 'm', measurement: in2023 }).then(ForbiddenError, { message: /ne tient que les indicateurs des actions qu’il pilote/ });
  as(coordinator)([]).when({ type: 'DefineIndicator', programmeId: P, indicatorId: 'x', indicator: { ...visits, actionId: 'a99' } }).then(InvalidCommandError, { path: 'indicator.actionId', message: /action inconnue : a99/ });
});

test('a measurement without its definition is refused, and so is a period that ends before it starts', () => {
  as(rafcom)([]).when({ type: 'RecordMeasurement', programmeId: P, measurementId: 'm2023', measurement: in2023 }).then(InvalidCommandError, {
    path: 'measurement.indicatorId',
    message: /indicateur inconnu : a06-accueils \(définissez-le sur son action avant d’en enregistrer une mesure\)/,
  });
  as(rafcom)([defined]).when({ type: 'RecordMeasurement', programmeId: P, measurementId: 'm', measurement: { ...in2023, periodTo: '2022-12-31' } }).then(InvalidCommandError, { path: 'measurement.periodTo' });
});

test('a measurement is corrected with a reason, never edited', () => {
  const recorded: ServiceEvent = { type: 'MeasurementRecorded', data: { programmeId: P, measurementId: 'm2023', measurement: in2023 } };
  const fixed = { ...in2023, value: '34' };
  as(rafcom)([defined, recorded]).when({ type: 'CorrectMeasurement', programmeId: P, measurementId: 'm2023', reason: 'un accueil oublié', measurement: fixed }).then([
    { type: 'MeasurementCorrected', data: { programmeId: P, measurementId: 'm2023', reason: 'un accueil oublié', measurement: fixed } },
  ]);
  as(rafcom)([defined]).when({ type: 'CorrectMeasurement', programmeId: P, measurementId: 'm2023', reason: 'x', measurement: fixed }).then(NotFoundError, { message: /mesure inconnue/ });
});

test('a measurement is withdrawn with a reason by its action’s pilot, once; nothing follows a withdrawal', () => {
  const recorded: ServiceEvent = { type: 'MeasurementRecorded', data: { programmeId: P, measurementId: 'm2023', measurement: in2023 } };
  const withdrawn: ServiceEvent = { type: 'MeasurementWithdrawn', data: { programmeId: P, measurementId: 'm2023', reason: 'compté deux fois' } };
  const withdraw: ServiceCommand = { type: 'WithdrawMeasurement', programmeId: P, measurementId: 'm2023', reason: 'compté deux fois' };
  as(rafcom)([defined, recorded]).when(withdraw).then([withdrawn]);
  as(coordinator)([defined, recorded]).when(withdraw).then([withdrawn]);
  as(libellule)([defined, recorded]).when(withdraw).then(ForbiddenError, { message: /pilotée par le partenaire rafcom/ });
  as(treasurer)([defined, recorded]).when(withdraw).then(ForbiddenError);
  as(rafcom)([defined, recorded]).when({ ...withdraw, reason: '  ' }).then(InvalidCommandError, { path: 'reason' });
  as(rafcom)([defined]).when(withdraw).then(NotFoundError, { message: /mesure inconnue dans le programme rafcom : m2023/ });
  as(rafcom)([defined, recorded, withdrawn]).when(withdraw).then(ConflictError, { message: /la mesure m2023 est retirée/ });
  as(rafcom)([defined, recorded, withdrawn])
    .when({ type: 'CorrectMeasurement', programmeId: P, measurementId: 'm2023', reason: 'x', measurement: { ...in2023, value: '34' } })
    .then(ConflictError, { message: /la mesure m2023 est retirée/ });
  // The same id recorded again with its first content is a harmless repeat, not a new measurement.
  as(rafcom)([defined, recorded, withdrawn]).when({ type: 'RecordMeasurement', programmeId: P, measurementId: 'm2023', measurement: in2023 }).then([]);
});

// ---- through the command handler: a refusal writes nothing ----

test('through LedgerCommands: a partner writing another’s site, an overlap, an unknown site are refused and the log does not move', async () => {
  const store = createMemoryStore();
  const commands = new LedgerCommands(store);
  for (const event of setUp) await commands.handleProgramme(programmeCommandOf(event), coordinator);
  const before = await store.head();
  const ok = await commands.handleService({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-1', schedule: retiers6 }, rafcom);
  assert.is(ok.position, before.position + 1);
  const head = await store.head();
  const refusals: [ServiceCommand, Actor, new (...a: never[]) => Error][] = [
    [{ type: 'SetSchedule', programmeId: P, scheduleId: 'm', schedule: { ...retiers6, siteId: 'mediatheque' } }, rafcom, ForbiddenError],
    [{ type: 'SetSchedule', programmeId: P, scheduleId: 'r2', schedule: { ...retiers9, from: '2024-01-01' } }, rafcom, InvalidCommandError],
    [{ type: 'SetSchedule', programmeId: P, scheduleId: 'x', schedule: { ...retiers6, siteId: 'inconnu' } }, coordinator, InvalidCommandError],
    [{ type: 'RecordMeasurement', programmeId: P, measurementId: 'm', measurement: in2023 }, coordinator, InvalidCommandError],
  ];
  for (const [command, actor, kind] of refusals) {
    let thrown: unknown;
    await commands.handleService(command, actor).catch((e) => (thrown = e));
    assert.ok(thrown instanceof kind, `${command.type} by ${actor.name}: ${String(thrown)}`);
  }
  assert.equal(await store.head(), head, 'nothing written');
  const again = await commands.handleService({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-1', schedule: retiers6 }, rafcom);
  assert.is(again.position, null, 'a repeat writes nothing');
});

test('through LedgerCommands: the service state is kept and read from its tail, and a write by another process is seen', async () => {
  const store = createMemoryStore();
  const reads: { stream: string; from: number | undefined }[] = [];
  const watched = new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'readStream') return Reflect.get(target, name, receiver);
      return (stream: string, options?: { from?: number }) => {
        reads.push({ stream, from: options?.from });
        return target.readStream(stream, options);
      };
    },
  });
  const commands = new LedgerCommands(watched);
  const other = new LedgerCommands(store);
  for (const event of setUp) await commands.handleProgramme(programmeCommandOf(event), coordinator);
  await commands.handleService({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-1', schedule: retiers6 }, rafcom);
  await other.handleService({ type: 'SetSchedule', programmeId: P, scheduleId: 'retiers-2', schedule: retiers9 }, rafcom);
  reads.length = 0;
  let thrown: unknown;
  await commands.handleService({ type: 'SetSchedule', programmeId: P, scheduleId: 'r3', schedule: { ...retiers9, from: '2025-01-01' } }, rafcom).catch((e) => (thrown = e));
  assert.ok(thrown instanceof InvalidCommandError, 'the other process’s schedule retiers-2 is in the kept state: r3 overlaps it');
  // Its own write (version 1) is read back with the other's: the kept state had reached version 0.
  assert.equal(reads.filter((r) => r.stream === `service-${P}`), [{ stream: `service-${P}`, from: 1 }], 'only the events after the kept version are read');
  reads.length = 0;
  const withdrawn = await commands.handleService({ type: 'WithdrawSchedule', programmeId: P, scheduleId: 'retiers-2', reason: 'erreur de saisie' }, rafcom);
  assert.is(withdrawn.version, 3);
  assert.equal(reads.filter((r) => r.stream === `service-${P}`), [{ stream: `service-${P}`, from: 3 }], 'versions 1 and 2 are not read again');
  const after = await commands.service(P);
  assert.is(after.version, 3);
  assert.ok(after.state.schedules.get('retiers-2')!.withdrawn, 'the withdrawal is read back into the kept state');
});

function programmeCommandOf(event: ProgrammeEvent) {
  const types = { ProgrammeOpened: 'OpenProgramme', PartnerJoined: 'AddPartner', AxisDefined: 'DefineAxis', ActionDefined: 'DefineAction', SiteRegistered: 'RegisterSite' } as const;
  return { type: types[event.type as keyof typeof types], data: event.data } as never;
}

test.run();
