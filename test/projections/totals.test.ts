// The totals document of contract.md, from a small ledger written through the command handlers on
// the memory store and replayed into the ledger projection. Expected figures are worked out by hand
// in the comments (rates × quantities, rounded half away from zero).
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { findContribution } from '../../src/read-model/find-contribution.ts';
import { LedgerCommands } from '../../src/app/commands.ts';
import { CLI_ACTOR, type Actor } from '../../src/domain/actor.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore } from '../../src/store/port.ts';
import type { ContributionInput } from '../../src/domain/contribution/content.ts';
import type { EventData } from '../../src/domain/events.ts';
import { InvalidCommandError } from '../../src/domain/errors.ts';
import { CONTRIBUTION_KINDS, type ContributionKind } from '../../src/domain/kinds.ts';
import { readContributionHistory } from '../../src/reports/contribution-history.ts';
import { ledgerProjection, type LedgerState } from '../../src/read-model/ledger.ts';
import { LiveProjection, replay, type Checkpoint } from '../../src/read-model/runner.ts';
import { totalsDocument, type TotalsDocument, type TotalsFilters } from '../../src/reports/totals-document.ts';

const P = 'rafcom';
/** A contribution of a version by its id, whichever its partner (its identity holds the partner: events.ts). */
const viewOf = (checkpoint: Checkpoint<LedgerState>, contributionId: string) => findContribution(checkpoint.state, checkpoint.state.programmes.get(P)!, contributionId, undefined);
const actor: Actor = CLI_ACTOR;

function byKind(values: Partial<Record<ContributionKind, string>>): Record<ContributionKind, string> {
  return Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, values[k] ?? '0.00'])) as Record<ContributionKind, string>;
}

interface Ledger {
  store: EventStore;
  commands: LedgerCommands;
  live: LiveProjection<LedgerState>;
  /** Global position after each named step. */
  marks: Map<string, number>;
}

async function buildLedger(): Promise<Ledger> {
  const store = createMemoryStore();
  const live = new LiveProjection(store, ledgerProjection);
  await live.start();
  const commands = new LedgerCommands(store);
  const marks = new Map<string, number>();

  const setUp = async (command: Parameters<LedgerCommands['handleProgramme']>[0]) => commands.handleProgramme(command, actor);
  await setUp({ type: 'OpenProgramme', data: { programmeId: P, name: 'Acte 3', startsOn: '2023-01-01', endsOn: '2026-12-31' } });
  for (const [partnerId, category] of [
    ['caf', 'caf'],
    ['ccas', 'ccas'],
    ['fablab', 'association'],
    ['mairie', 'commune'],
  ] as const)
    await setUp({ type: 'AddPartner', data: { programmeId: P, partnerId, name: partnerId.toUpperCase(), category } });
  await setUp({ type: 'DefineAxis', data: { programmeId: P, axisId: 'ax1', title: 'Médiation' } });
  await setUp({ type: 'DefineAction', data: { programmeId: P, actionId: 'a1', number: 1, title: 'Ateliers', axisId: 'ax1', nature: 'fonctionnement' } });
  await setUp({ type: 'DefineAction', data: { programmeId: P, actionId: 'a2', number: 2, title: 'Équipement', nature: 'investissement' } });
  await setUp({ type: 'RegisterSite', data: { programmeId: P, siteId: 'openlab', name: 'OpenLab Janzé', partnerId: 'fablab' } });
  const rate = (data: Omit<EventData<'ValuationRateSet'>, 'programmeId'>) => setUp({ type: 'SetValuationRate', data: { programmeId: P, ...data } });
  await rate({ rateId: 'smic-2024', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2024-01-01', basis: 'SMIC horaire brut 11,65 €' });
  await rate({ rateId: 'smic-2024-11', kind: 'volunteer_time', unit: 'hour', amount: '11.88', validFrom: '2024-11-01', basis: 'SMIC horaire brut 11,88 €' });
  await rate({ rateId: 'salarie', kind: 'staff_time', unit: 'hour', amount: '16.89', validFrom: '2024-01-01', basis: 'SMIC chargé' });
  await rate({ rateId: 'ccas-salarie', kind: 'staff_time', unit: 'hour', amount: '25.00', validFrom: '2024-01-01', partnerId: 'ccas', basis: 'coût horaire chargé CCAS' });
  await rate({ rateId: 'salle', kind: 'premises', unit: 'half_day', amount: '45', validFrom: '2024-01-01', basis: 'loyer de la salle' });

  const record = async (contributionId: string, content: ContributionInput) =>
    commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId, content }, actor);
  const target = (contributionId: string) => ({ programmeId: P, contributionId });
  const validate = async (id: string) => commands.handleContribution({ type: 'ValidateContribution', ...target(id) }, actor);

  // c1: CCAS staff, its own partner rate: 10 h × 25.00 = 250.00 (a1).
  await record('c1', { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-04', quantity: '10', actionId: 'a1' });
  // c2: the day before the SMIC change: 2.5 h × 11.65 = 29.125 → 29.13 (a1).
  await record('c2', { partnerId: 'fablab', kind: 'volunteer_time', status: 'actual', date: '2024-10-31', quantity: '2.5', actionId: 'a1', siteId: 'openlab' });
  // c3: the day of the change: 4 h × 11.88 = 47.52 (no action).
  await record('c3', { partnerId: 'fablab', kind: 'volunteer_time', status: 'actual', date: '2024-11-01', quantity: '4' });
  // c4: a CAF grant, validated: 5000.00 cash (a1).
  await record('c4', { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-02-01', amount: '5000.00', actionId: 'a1' });
  await validate('c4');
  // c5: the commune's provider: 1800.00 prestation, counted as cash (a2).
  await record('c5', { partnerId: 'mairie', kind: 'prestation', status: 'actual', date: '2024-05-10', amount: '1800', taxBasis: 'TTC', actionId: 'a2' });
  // c6: 3 half-days × 45 = 135.00 (a2).
  await record('c6', { partnerId: 'mairie', kind: 'premises', status: 'actual', date: '2024-06-01', quantity: '3', actionId: 'a2' });
  // c7: equipment, no rate yet: unvalued.
  await record('c7', { partnerId: 'fablab', kind: 'equipment', status: 'actual', date: '2024-06-15', quantity: '5' });
  // c8: validated, then withdrawn: never counts.
  await record('c8', { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-04-01', quantity: '7', actionId: 'a1' });
  await validate('c8');
  await commands.handleContribution({ type: 'WithdrawContribution', ...target('c8'), reason: 'doublon de c1' }, actor);
  // c9: rejected (and no kiosk rate): neither counted nor listed as unvalued.
  await record('c9', { partnerId: 'mairie', kind: 'kiosk', status: 'actual', date: '2024-07-01', quantity: '2' });
  await commands.handleContribution({ type: 'RejectContribution', ...target('c9'), reason: 'borne non installée' }, actor);
  // c10: planned: 100 h × 25.00 = 2500.00 (a1).
  await record('c10', { partnerId: 'ccas', kind: 'staff_time', status: 'planned', date: '2024-09-01', quantity: '100', actionId: 'a1' });
  // c11: 2025 grant: 3000.00 (a1).
  await record('c11', { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2025-01-10', amount: '3000', actionId: 'a1' });
  // c12: own rate beats the partner rate: 2 h × 30 = 60.00, validated.
  await record('c12', { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-12-01', quantity: '2', rate: '30', rateBasis: 'fiche de paie' });
  await validate('c12');
  // c13: 3 h corrected to 6 h: 6 × 11.65 = 69.90, then validated.
  await record('c13', { partnerId: 'fablab', kind: 'volunteer_time', status: 'actual', date: '2024-05-01', quantity: '3' });
  marks.set('before-correction', (await store.head()).position);
  await commands.handleContribution(
    { type: 'CorrectContribution', ...target('c13'), reason: 'feuille d’émargement recomptée', content: { partnerId: 'fablab', kind: 'volunteer_time', status: 'actual', date: '2024-05-01', quantity: '6' } },
    actor,
  );
  await validate('c13');
  marks.set('ledger', (await store.head()).position);

  // Later rates revalue what they cover: the FabLab's own volunteer rate, and a first equipment rate.
  await rate({ rateId: 'fablab-benevole', kind: 'volunteer_time', unit: 'hour', amount: '15.00', validFrom: '2024-01-01', partnerId: 'fablab', basis: 'convention FabLab' });
  await rate({ rateId: 'pret-materiel', kind: 'equipment', unit: 'day', amount: '8', validFrom: '2024-01-01', basis: 'location journalière' });
  marks.set('revalued', (await store.head()).position);
  return { store, commands, live, marks };
}

async function totals(store: EventStore, filters: Partial<TotalsFilters>, to?: number): Promise<TotalsDocument> {
  const checkpoint = await replay(store, ledgerProjection, to === undefined ? {} : { to });
  return documentOf(checkpoint, filters);
}

function documentOf(checkpoint: Checkpoint<LedgerState>, filters: Partial<TotalsFilters>): TotalsDocument {
  const programme = checkpoint.state.programmes.get(P);
  assert.ok(programme, 'the programme is projected');
  return totalsDocument(checkpoint, programme, { status: 'actual', include: 'active', ...filters });
}

const ledger = await buildLedger();
const { store, marks } = ledger;
const atLedger = marks.get('ledger')!;

test('actual 2024, active: the whole document, figure by figure', async () => {
  const doc = await totals(store, { year: 2024 }, atLedger);
  const head = await store.head(atLedger);
  assert.equal(doc, {
    programmeId: P,
    asOf: { position: atLedger, headHash: head.hash },
    filters: { status: 'actual', include: 'active', year: 2024 },
    // 250.00 + 29.13 + 47.52 + 5000.00 + 1800.00 + 135.00 + 60.00 + 69.90
    total: '7391.55',
    byPartner: [
      // 5000 / 7391.55 = 67.6448…%; shares floor to 99.98, the two largest remainders (.85, .48) get a hundredth.
      { partnerId: 'caf', inKind: '0.00', cash: '5000.00', total: '5000.00', share: '67.65' },
      { partnerId: 'ccas', inKind: '310.00', cash: '0.00', total: '310.00', share: '4.19' },
      { partnerId: 'fablab', inKind: '146.55', cash: '0.00', total: '146.55', share: '1.98' },
      { partnerId: 'mairie', inKind: '135.00', cash: '1800.00', total: '1935.00', share: '26.18' },
    ],
    byKind: byKind({ staff_time: '310.00', volunteer_time: '146.55', premises: '135.00', prestation: '1800.00', cash: '5000.00' }),
    byAction: { a1: '5279.13', a2: '1935.00', none: '177.42' },
    unvalued: [{ contributionId: 'c7', partnerId: 'fablab', reason: 'no equipment rate on 2024-06-15' }],
  });
  assert.is(head.position, atLedger);
  assert.match(doc.asOf.headHash, /^[0-9a-f]{64}$/);
});

test('include=validated counts only validated contributions', async () => {
  const doc = await totals(store, { year: 2024, include: 'validated' }, atLedger);
  assert.is(doc.total, '5129.90');
  assert.equal(doc.filters, { status: 'actual', include: 'validated', year: 2024 });
  assert.equal(
    doc.byPartner.map((p) => [p.partnerId, p.total, p.share]),
    [
      ['caf', '5000.00', '97.47'],
      ['ccas', '60.00', '1.17'],
      ['fablab', '69.90', '1.36'],
    ],
  );
  assert.equal(doc.byAction, { a1: '5000.00', none: '129.90' });
  assert.equal(doc.unvalued, [], 'c7 is not validated');
});

test('status, year and action filters', async () => {
  const planned = await totals(store, { status: 'planned' }, atLedger);
  assert.is(planned.total, '2500.00');
  assert.equal(planned.byPartner, [{ partnerId: 'ccas', inKind: '2500.00', cash: '0.00', total: '2500.00', share: '100.00' }]);

  const y2025 = await totals(store, { year: 2025 }, atLedger);
  assert.is(y2025.total, '3000.00');
  assert.equal(y2025.byPartner.map((p) => p.partnerId), ['caf']);
  assert.equal(y2025.unvalued, []);

  // a1 over every year: 250.00 + 29.13 + 5000.00 + 3000.00.
  const a1 = await totals(store, { actionId: 'a1' }, atLedger);
  assert.is(a1.total, '8279.13');
  assert.equal(a1.byAction, { a1: '8279.13' });
  assert.equal(a1.filters, { status: 'actual', include: 'active', actionId: 'a1' });
  assert.equal(a1.unvalued, [], 'c7 has no action');

  const none = await totals(store, { year: 2023 }, atLedger);
  assert.equal([none.total, none.byPartner, none.byAction, none.unvalued], ['0.00', [], {}, []]);
  assert.equal(none.byKind, byKind({}));
});

test('withdrawn and rejected contributions never count, whatever the filters', async () => {
  const checkpoint = await replay(store, ledgerProjection, { to: atLedger });
  assert.is(viewOf(checkpoint, 'c8')?.review, 'withdrawn');
  assert.is(viewOf(checkpoint, 'c9')?.review, 'rejected');
  for (const include of ['active', 'validated'] as const) {
    const doc = documentOf(checkpoint, { include });
    // c8 (7 h × 25 = 175.00) would show in ccas's in-kind figure; c9 would be listed unvalued.
    assert.ok(!doc.unvalued.some((u) => u.contributionId === 'c9'));
    const ccas = doc.byPartner.find((p) => p.partnerId === 'ccas');
    assert.is(ccas?.inKind, include === 'active' ? '310.00' : '60.00');
  }
});

test('a later rate revalues what it covers; an as-of replay before it shows the old values', async () => {
  const after = await totals(store, { year: 2024 });
  const head = await store.head();
  assert.equal(after.asOf, { position: head.position, headHash: head.hash });
  assert.is(head.position, marks.get('revalued'));
  // FabLab: (2.5 + 4 + 6) h × 15.00 = 187.50, plus 5 days × 8.00 = 40.00 of equipment.
  assert.equal(after.byPartner.find((p) => p.partnerId === 'fablab'), {
    partnerId: 'fablab',
    inKind: '227.50',
    cash: '0.00',
    total: '227.50',
    share: '3.04',
  });
  assert.is(after.total, '7472.50');
  assert.is(after.byKind.volunteer_time, '187.50');
  assert.is(after.byKind.equipment, '40.00');
  assert.equal(after.unvalued, []);
  assert.equal(
    after.byPartner.map((p) => p.share),
    ['66.91', '4.15', '3.04', '25.90'],
  );

  const before = await totals(store, { year: 2024 }, atLedger);
  assert.is(before.total, '7391.55');
  assert.is(before.byKind.volunteer_time, '146.55');
  assert.equal(before.asOf, { position: atLedger, headHash: (await store.head(atLedger)).hash });

  // One event before the equipment rate: only the volunteer rate has moved.
  const between = await totals(store, { year: 2024 }, head.position - 1);
  assert.is(between.byKind.volunteer_time, '187.50');
  assert.is(between.byKind.equipment, '0.00');
  assert.equal(between.unvalued.map((u) => u.contributionId), ['c7']);
});

test('as of a position before a correction, the old content counts', async () => {
  const beforeCorrection = marks.get('before-correction')!;
  const doc = await totals(store, { year: 2024 }, beforeCorrection);
  // c13 as first recorded: 3 h × 11.65 = 34.95.
  assert.is(doc.byPartner.find((p) => p.partnerId === 'fablab')?.inKind, '111.60');
  const checkpoint = await replay(store, ledgerProjection, { to: beforeCorrection });
  assert.is(viewOf(checkpoint, 'c13')?.content.quantity, '3');
  assert.is(viewOf(checkpoint, 'c13')?.lastReason, undefined);
  assert.equal((await readContributionHistory(store, viewOf(checkpoint, 'c13')!.key, beforeCorrection)).map((h) => h.type), ['ContributionRecorded']);
  const now = await replay(store, ledgerProjection);
  assert.is(viewOf(now, 'c13')?.lastReason, 'feuille d’émargement recomptée');
  assert.equal(
    (await readContributionHistory(store, viewOf(now, 'c13')!.key, now.position)).map((h) => [h.type, h.reason ?? null, h.content?.quantity ?? null]),
    [
      ['ContributionRecorded', null, '3'],
      ['ContributionCorrected', 'feuille d’émargement recomptée', viewOf(now, 'c13')?.content.quantity],
      ['ContributionValidated', null, null],
    ],
  );
});

test('replaying from a checkpoint ends where a replay from the start ends', async () => {
  const half = await replay(store, ledgerProjection, { to: atLedger });
  const resumed = await replay(store, ledgerProjection, { from: half });
  const full = await replay(store, ledgerProjection);
  assert.equal(resumed.position, full.position);
  assert.equal(resumed.hash, full.hash);
  assert.equal(documentOf(resumed, { year: 2024 }), documentOf(full, { year: 2024 }));
});

test('the live projection kept current equals a full replay', async () => {
  const head = await store.head();
  await ledger.live.waitFor(head.position);
  const live = ledger.live.current;
  const full = await replay(store, ledgerProjection);
  assert.is(live.position, head.position);
  assert.is(live.hash, head.hash);
  assert.equal(live.state, full.state);
  for (const filters of [{ year: 2024 }, { status: 'planned' as const }, { include: 'validated' as const }, { actionId: 'a2' }])
    assert.equal(documentOf(live, filters), documentOf(full, filters));
});

test('a refused command writes nothing: zero quantities never reach the log', async () => {
  const head = await store.head();
  try {
    await ledger.commands.handleContribution(
      { type: 'RecordContribution', programmeId: P, contributionId: 'zero', content: { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '0' } },
      actor,
    );
    assert.unreachable('a zero quantity was accepted');
  } catch (error) {
    assert.instance(error, InvalidCommandError);
    assert.ok((error as InvalidCommandError).errors.some((e) => e.path.endsWith('quantity')), (error as Error).message);
  }
  assert.equal(await store.head(), head);
});

test('an absurd figure is refused before it is stored, so the log always replays', async () => {
  const head = await store.head();
  // 10^15 euros would not fit in integer cents below 2^53: stored, it would stop every replay.
  for (const content of [
    { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-03-01', amount: '999999999999999.99' },
    { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '999999999999999', rate: '999999999999999', rateBasis: 'x' },
  ] as ContributionInput[]) {
    try {
      await ledger.commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId: 'absurde', content }, actor);
      assert.unreachable('an absurd figure was accepted');
    } catch (error) {
      assert.instance(error, InvalidCommandError);
    }
  }
  try {
    await ledger.commands.handleProgramme(
      { type: 'SetValuationRate', data: { programmeId: P, rateId: 'absurde', kind: 'staff_time', unit: 'hour', amount: '999999999999999', validFrom: '2024-01-01', basis: 'x' } },
      actor,
    );
    assert.unreachable('an absurd rate was accepted');
  } catch (error) {
    assert.instance(error, InvalidCommandError);
  }
  assert.equal(await store.head(), head);
  await replay(store, ledgerProjection);
});

loudHooks(test);
test.after(async () => {
  await ledger.live.stop();
  await store.close();
});

test.run();
