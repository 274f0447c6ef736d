// The rules of a contribution's life, each accepted and refused (domain.md, "Contributions").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideContribution, type ContributionCommand } from '../../src/domain/contribution/decider.ts';
import { evolveContribution, initialContributionState, type ContributionState } from '../../src/domain/contribution/state.ts';
import type { ContributionInput } from '../../src/domain/contribution/content.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../../src/domain/programme/state.ts';
import { ConflictError, InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import {
  ContributionContent,
  ContributionCorrected,
  ContributionRecorded,
  ContributionRejected,
  ContributionWithdrawn,
  ValuationRateSet,
  type ContributionEvent,
  type ProgrammeEvent,
} from '../../src/domain/events.ts';
import { CONTRIBUTION_KINDS, UNIT_OF_KIND, UNITS } from '../../src/domain/kinds.ts';
import { AMOUNT_LIMIT_EUR, MAX_VALUE_EUR, QUANTITY_LIMIT, RATE_LIMIT_EUR } from '../../src/domain/limits.ts';
import { dec, toIntegerCents } from '../../src/domain/money.ts';
import { specFor } from './given-when-then.ts';

const P = 'rafcom';
const programmeEvents: ProgrammeEvent[] = [
  { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Acte 3', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
  { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'ccas', name: 'CCAS', category: 'ccas' } },
  { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'caf', name: 'CAF', category: 'caf' } },
  { type: 'ActionDefined', data: { programmeId: P, actionId: 'a1', number: 1, title: 'Ateliers', nature: 'fonctionnement' } },
  { type: 'SiteRegistered', data: { programmeId: P, siteId: 'esc-nord', name: 'ESC Nord' } },
];
const programme: ProgrammeState = programmeEvents.reduce(evolveProgramme, initialProgrammeState());

/** A second programme with the same set-up: ids are unique across programmes, not per programme. */
const otherProgramme: ProgrammeState = programmeEvents
  .map((e) => ({ ...e, data: { ...e.data, programmeId: 'autre' } }) as ProgrammeEvent)
  .reduce(evolveProgramme, initialProgrammeState());

function givenIn(programmeState: ProgrammeState) {
  return specFor<ContributionState, ContributionCommand, ContributionEvent>({
    initialState: initialContributionState,
    evolve: evolveContribution,
    decide: (command, state) => decideContribution(command, state, programmeState),
  });
}
const given = givenIn(programme);

const C = 'c-1';
const target = { programmeId: P, contributionId: C };
const hours: ContributionInput = {
  partnerId: 'ccas',
  kind: 'staff_time',
  status: 'actual',
  date: '2024-03-01',
  quantity: '2.5',
  actionId: 'a1',
  siteId: 'esc-nord',
  evidence: 'feuille de temps mars',
};
const grant: ContributionInput = { partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-01-15', amount: '5000.00' };

const record = (content: ContributionInput): ContributionCommand => ({ type: 'RecordContribution', ...target, content });
const correct = (content: ContributionInput, reason = 'saisie erronée'): ContributionCommand => ({ type: 'CorrectContribution', ...target, reason, content });
const withdraw = (reason = 'doublon'): ContributionCommand => ({ type: 'WithdrawContribution', ...target, reason });
const validate: ContributionCommand = { type: 'ValidateContribution', ...target };
const reject = (reason = 'pièce manquante'): ContributionCommand => ({ type: 'RejectContribution', ...target, reason });

const recorded = (content: ContributionInput): ContributionEvent => ({
  type: 'ContributionRecorded',
  data: { ...target, content: { ...content, unit: UNIT_OF_KIND[content.kind] } },
});
const hoursRecorded = recorded(hours);
const validated: ContributionEvent = { type: 'ContributionValidated', data: target };
const withdrawn: ContributionEvent = { type: 'ContributionWithdrawn', data: { ...target, reason: 'doublon' } };
const rejected: ContributionEvent = { type: 'ContributionRejected', data: { ...target, reason: 'pièce manquante' } };
const corrected = (content: ContributionInput, reason = 'saisie erronée'): ContributionEvent => ({
  type: 'ContributionCorrected',
  data: { ...target, reason, content: { ...content, unit: UNIT_OF_KIND[content.kind] } },
});

// ---- recording ----

test('a time contribution is recorded, its unit taken from its kind', () => {
  given([]).when(record(hours)).then([hoursRecorded]);
  given([]).when(record({ ...hours, unit: 'hour' })).then([hoursRecorded]);
});

test('every kind is recorded in its own unit, and refused in any other', () => {
  for (const kind of CONTRIBUTION_KINDS) {
    const money = UNIT_OF_KIND[kind] === 'eur';
    const content: ContributionInput = money
      ? { partnerId: 'ccas', kind, status: 'actual', date: '2024-03-01', amount: '120.00' }
      : { partnerId: 'ccas', kind, status: 'actual', date: '2024-03-01', quantity: '3' };
    given([]).when(record({ ...content, unit: UNIT_OF_KIND[kind] })).then([recorded(content)]);
    for (const unit of UNITS.filter((u) => u !== UNIT_OF_KIND[kind]))
      given([]).when(record({ ...content, unit })).then(InvalidCommandError, { path: 'unit' });
  }
});

test('money kinds need an amount and take no quantity nor rate', () => {
  given([]).when(record(grant)).then([recorded(grant)]);
  const { amount: _, ...noAmount } = grant;
  given([]).when(record(noAmount)).then(InvalidCommandError, { path: 'amount' });
  given([]).when(record({ ...grant, quantity: '1' })).then(InvalidCommandError, { path: 'quantity' });
  given([]).when(record({ ...grant, rate: '1', rateBasis: 'x' })).then(InvalidCommandError, { path: 'rate' });
});

test('time kinds need a quantity and take no amount', () => {
  const { quantity: _, ...noQuantity } = hours;
  given([]).when(record(noQuantity)).then(InvalidCommandError, { path: 'quantity' });
  given([]).when(record({ ...hours, amount: '30.63' })).then(InvalidCommandError, { path: 'amount' });
});

test('a contribution’s own rate needs its justification, and a justification needs a rate', () => {
  const own = { ...hours, rate: '12.25', rateBasis: 'coût horaire chargé 2024' };
  given([]).when(record(own)).then([recorded(own)]);
  given([]).when(record({ ...hours, rate: '12.25' })).then(InvalidCommandError, { path: 'rateBasis' });
  given([]).when(record({ ...hours, rateBasis: 'coût horaire' })).then(InvalidCommandError, { path: 'rate' });
});

test('HT/TTC and VAT belong to prestations only', () => {
  const invoice: ContributionInput = { partnerId: 'ccas', kind: 'prestation', status: 'actual', date: '2024-04-02', amount: '1800', taxBasis: 'TTC', vatRecoverable: false };
  given([]).when(record(invoice)).then([recorded(invoice)]);
  given([]).when(record({ ...grant, taxBasis: 'HT' })).then(InvalidCommandError, { path: 'taxBasis' });
  given([]).when(record({ ...hours, vatRecoverable: true })).then(InvalidCommandError, { path: 'taxBasis' });
});

test('unknown programme, partner, action and site are refused', () => {
  givenIn(initialProgrammeState())([]).when(record(hours)).then(NotFoundError, { message: /programme inconnu : rafcom/ });
  given([]).when(record({ ...hours, partnerId: 'mairie' })).then(InvalidCommandError, { path: 'partnerId', message: /partenaire inconnu : mairie/ });
  given([]).when(record({ ...hours, actionId: 'a9' })).then(InvalidCommandError, { path: 'actionId' });
  given([]).when(record({ ...hours, siteId: 'nulle-part' })).then(InvalidCommandError, { path: 'siteId' });
});

test('every broken rule is named at once', () => {
  const { error } = given([]).when(record({ ...hours, partnerId: 'x', actionId: 'y', date: '2030-01-01' })).then(InvalidCommandError);
  const paths = (error as InvalidCommandError).errors.map((e) => e.path).sort();
  assert.equal(paths, ['actionId', 'date', 'partnerId']);
});

test('a contribution is dated within its programme: first and last day included', () => {
  given([]).when(record({ ...hours, date: '2023-01-01' })).then([recorded({ ...hours, date: '2023-01-01' })]);
  given([]).when(record({ ...hours, date: '2026-12-31' })).then([recorded({ ...hours, date: '2026-12-31' })]);
  given([]).when(record({ ...hours, date: '2022-12-31' })).then(InvalidCommandError, { path: 'date' });
  given([]).when(record({ ...hours, date: '2027-01-01' })).then(InvalidCommandError, { path: 'date' });
});

test('a period ends on or after its start and no later than the programme', () => {
  const period = { ...hours, date: '2024-01-01', until: '2024-12-31' };
  given([]).when(record(period)).then([recorded(period)]);
  const oneDay = { ...hours, until: hours.date };
  given([]).when(record(oneDay)).then([recorded(oneDay)]);
  const toTheEnd = { ...hours, until: '2026-12-31' };
  given([]).when(record(toTheEnd)).then([recorded(toTheEnd)]);
  given([]).when(record({ ...hours, until: '2024-02-29' })).then(InvalidCommandError, { path: 'until' });
  given([]).when(record({ ...hours, until: '2027-01-01' })).then(InvalidCommandError, { path: 'until', message: /après la fin du programme/ });
});

test('contribution ids are unique: the same content again decides nothing, other content is a conflict', () => {
  given([hoursRecorded]).when(record({ ...hours })).then([]);
  given([hoursRecorded]).when(record({ ...hours, unit: 'hour' })).then([]);
  given([hoursRecorded]).when(record({ ...hours, quantity: '3' })).then(ConflictError);
  // The same contribution id asked in another programme is another contribution: a conflict.
  givenIn(otherProgramme)([hoursRecorded]).when({ ...record(hours), programmeId: 'autre' }).then(ConflictError);
});

// ---- corrections ----

test('a correction carries the full corrected content and a reason', () => {
  const fixed = { ...hours, quantity: '3.5' };
  given([hoursRecorded]).when(correct(fixed)).then([corrected(fixed)]);
});

test('a correction needs a reason', () => {
  given([hoursRecorded]).when(correct({ ...hours, quantity: '3.5' }, '')).then(InvalidCommandError, { path: 'reason' });
  given([hoursRecorded]).when(correct({ ...hours, quantity: '3.5' }, '   ')).then(InvalidCommandError, { path: 'reason' });
});

test('a correction that changes nothing is refused', () => {
  given([hoursRecorded]).when(correct({ ...hours })).then(InvalidCommandError, { path: 'content' });
  given([hoursRecorded]).when(correct({ ...hours, unit: 'hour' })).then(InvalidCommandError, { path: 'content' });
});

test('a correction obeys the same rules as a recording', () => {
  given([hoursRecorded]).when(correct({ ...hours, date: '2027-03-01' })).then(InvalidCommandError, { path: 'date' });
  given([hoursRecorded]).when(correct({ ...hours, partnerId: 'inconnu' })).then(InvalidCommandError, { path: 'partnerId' });
  given([hoursRecorded]).when(correct({ ...hours, unit: 'day' })).then(InvalidCommandError, { path: 'unit' });
  given([hoursRecorded]).when(correct({ ...hours, rate: '20' })).then(InvalidCommandError, { path: 'rateBasis' });
  // It may change the kind, as long as the new content fits the new kind.
  const asGrant = { ...grant, partnerId: 'ccas' };
  given([hoursRecorded]).when(correct(asGrant)).then([corrected(asGrant)]);
});

test('a correction sends a validated contribution back to pending', () => {
  const fixed = { ...hours, quantity: '3.5' };
  const { state } = given([hoursRecorded, validated]).when(correct(fixed)).then([corrected(fixed)]);
  assert.is(state.review, 'pending');
  assert.equal(state.content, { ...fixed, unit: 'hour' });
  // ... so it can be validated again, once.
  given([hoursRecorded, validated, corrected(fixed)]).when(validate).then([validated]);
  given([hoursRecorded, validated, corrected(fixed), validated]).when(validate).then(ConflictError);
});

// ---- withdrawal, validation, rejection ----

test('a contribution is withdrawn with a reason, pending or validated', () => {
  const { state } = given([hoursRecorded]).when(withdraw()).then([withdrawn]);
  assert.is(state.review, 'withdrawn');
  given([hoursRecorded, validated]).when(withdraw()).then([withdrawn]);
  given([hoursRecorded]).when(withdraw('')).then(InvalidCommandError, { path: 'reason' });
  given([hoursRecorded]).when(withdraw(' \t')).then(InvalidCommandError, { path: 'reason' });
});

test('a contribution is validated once', () => {
  const { state } = given([hoursRecorded]).when(validate).then([validated]);
  assert.is(state.review, 'validated');
  given([hoursRecorded, validated]).when(validate).then(ConflictError, { message: /déjà validée/ });
});

test('a contribution is rejected with a reason, and not once validated', () => {
  const { state } = given([hoursRecorded]).when(reject()).then([rejected]);
  assert.is(state.review, 'rejected');
  given([hoursRecorded]).when(reject('')).then(InvalidCommandError, { path: 'reason' });
  given([hoursRecorded, validated]).when(reject()).then(ConflictError);
});

test('nothing follows a withdrawal or a rejection', () => {
  for (const final of [withdrawn, rejected]) {
    for (const command of [correct({ ...hours, quantity: '4' }), withdraw(), validate, reject()])
      given([hoursRecorded, final]).when(command).then(ConflictError, { message: /plus rien ne peut suivre/ });
    // Recording it again with the same content is still a harmless repeat.
    given([hoursRecorded, final]).when(record(hours)).then([]);
  }
});

test('an unknown contribution cannot be corrected, withdrawn, validated or rejected', () => {
  for (const command of [correct({ ...hours, quantity: '4' }), withdraw(), validate, reject()]) {
    given([]).when(command).then(NotFoundError, { message: /contribution inconnue dans le programme rafcom : c-1/ });
    // Nor reached through another programme.
    givenIn(otherProgramme)([hoursRecorded]).when({ ...command, programmeId: 'autre' }).then(NotFoundError);
  }
});

test('evolve refuses events that no decision could produce', () => {
  const start = initialContributionState();
  assert.throws(() => evolveContribution(start, validated), /before ContributionRecorded/);
  const pending = evolveContribution(start, hoursRecorded);
  assert.throws(() => evolveContribution(pending, hoursRecorded), /recorded twice/);
  const isValidated = evolveContribution(pending, validated);
  assert.throws(() => evolveContribution(isValidated, validated), /validated twice/);
  assert.throws(() => evolveContribution(isValidated, rejected), /rejected after validation/);
  const isWithdrawn = evolveContribution(pending, withdrawn);
  assert.throws(() => evolveContribution(isWithdrawn, corrected({ ...hours, quantity: '9' })), /after withdrawn/);
});

// ---- the schemas: strictly positive quantities and amounts, a reason, real dates ----

const content = { ...hours, unit: 'hour' } as const;

test('quantities, amounts and rates are strictly positive decimal strings', () => {
  for (const field of ['quantity', 'amount', 'rate'] as const) {
    for (const ok of ['1', '0.5', '2.5', '0.01', '999.99', '1000', '1000.00'])
      assert.ok(ContributionContent.safeParse({ ...content, [field]: ok }).success, `${field} ${ok} accepted`);
    for (const bad of ['0', '0.0', '0.000000', '-1', '-0.5', '-0', '1e3', '01', '1.', '.5', '1,5', ' 1', 'NaN', 'Infinity', '1.1234567'])
      assert.not.ok(ContributionContent.safeParse({ ...content, [field]: bad }).success, `${field} ${bad} refused`);
    assert.not.ok(ContributionContent.safeParse({ ...content, [field]: 2.5 }).success, `${field} as a JSON number refused`);
  }
  const rate = { programmeId: P, rateId: 'r', kind: 'staff_time', unit: 'hour', amount: '12.25', validFrom: '2024-01-01', basis: 'SMIC' };
  assert.ok(ValuationRateSet.safeParse({ ...rate, amount: RATE_LIMIT_EUR.max }).success);
  assert.not.ok(ValuationRateSet.safeParse({ ...rate, amount: '1000.0001' }).success, 'rate above its bound');
  assert.ok(ValuationRateSet.safeParse(rate).success);
  for (const bad of ['0', '-12.25', '0.00', '16.89251']) assert.not.ok(ValuationRateSet.safeParse({ ...rate, amount: bad }).success, `rate amount ${bad}`);
});

// ---- the limits (src/domain/limits.ts): in the schemas and again in the deciders ----

test('the bounds, worked out by hand: 10 000 units, 1 000 € a unit, 10 000 000 €; 2, 4 and 2 decimals', () => {
  assert.equal(
    [QUANTITY_LIMIT, RATE_LIMIT_EUR, AMOUNT_LIMIT_EUR].map((l) => [l.max, l.decimals]),
    [['10000', 2], ['1000', 4], ['10000000', 2]],
  );
  // Each at its bound is accepted; one step past it (in its last decimal), or one decimal more, is not.
  const cases = [
    ['quantity', '10000', '10000.01', '2.125', 'au plus 10 000 unités', 'au plus 2 décimales'],
    ['rate', '1000', '1000.0001', '16.89251', 'au plus 1 000 € par unité', 'au plus 4 décimales'],
    ['amount', '10000000', '10000000.01', '1500.005', 'au plus 10 000 000 €', 'au plus 2 décimales'],
  ] as const;
  for (const [field, max, above, tooFine, aboveMessage, fineMessage] of cases) {
    assert.ok(ContributionContent.safeParse({ ...content, [field]: max }).success, `${field} at its bound`);
    assert.is(ContributionContent.safeParse({ ...content, [field]: above }).error?.issues[0]?.message, aboveMessage, `${field} ${above}`);
    assert.is(ContributionContent.safeParse({ ...content, [field]: tooFine }).error?.issues[0]?.message, fineMessage, `${field} ${tooFine}`);
    assert.is(ContributionContent.safeParse({ ...content, [field]: '0.00' }).error?.issues[0]?.message, 'doit être strictement positif');
  }
  // The dearest contribution: 10 000 hours at 1 000 € = 10 000 000.00 € = 10^9 cents, the largest
  // amount too; 9 007 199 of them still sum exactly in integer cents, one more might not.
  assert.is(dec(QUANTITY_LIMIT.max).times(RATE_LIMIT_EUR.max).toFixed(2), '10000000.00');
  assert.is(MAX_VALUE_EUR, '10000000');
  assert.is(toIntegerCents(dec(MAX_VALUE_EUR)), 1_000_000_000);
  assert.ok(Number.isSafeInteger(1_000_000_000 * 9_007_199));
  assert.not.ok(Number.isSafeInteger(1_000_000_000 * 9_007_200));
});

test('given a programme, when a contribution beyond a limit is recorded or corrected, then it is refused on that field in French', () => {
  given([]).when(record({ ...hours, quantity: '10000' })).then([recorded({ ...hours, quantity: '10000' })]);
  given([]).when(record({ ...hours, quantity: '10000.01' })).then(InvalidCommandError, { path: 'quantity', message: /au plus 10 000 unités/ });
  given([]).when(record({ ...hours, quantity: '0.125' })).then(InvalidCommandError, { path: 'quantity', message: /au plus 2 décimales/ });
  const own = { ...hours, rate: '1000.0001', rateBasis: 'tarif' };
  given([]).when(record(own)).then(InvalidCommandError, { path: 'rate', message: /au plus 1 000 € par unité/ });
  given([]).when(record({ ...grant, amount: '10000000.00' })).then([recorded({ ...grant, amount: '10000000.00' })]);
  given([]).when(record({ ...grant, amount: '10000000.01' })).then(InvalidCommandError, { path: 'amount', message: /au plus 10 000 000 €/ });
  given([]).when(record({ ...grant, amount: '-5' })).then(InvalidCommandError, { path: 'amount', message: /strictement positif/ });
  given([hoursRecorded]).when(correct({ ...hours, quantity: '20000' })).then(InvalidCommandError, { path: 'quantity', message: /au plus 10 000 unités/ });
});

test('the recorded event carries a schema-valid content', () => {
  assert.ok(ContributionRecorded.safeParse({ ...target, content }).success);
  assert.not.ok(ContributionRecorded.safeParse({ ...target, content: { ...content, quantity: '0' } }).success);
  assert.not.ok(ContributionRecorded.safeParse({ ...target, content: { ...content, extra: 1 } }).success, 'unknown fields refused');
  assert.not.ok(ContributionRecorded.safeParse({ ...target, content: { ...content, date: '2024-02-30' } }).success, 'not a real date');
  assert.ok(ContributionRecorded.safeParse({ ...target, content: { ...content, date: '2024-02-29' } }).success, 'leap day');
});

test('corrections, withdrawals and rejections carry a non-empty reason', () => {
  const withReason = { ...target, reason: 'erreur de saisie' };
  assert.ok(ContributionCorrected.safeParse({ ...withReason, content }).success);
  assert.ok(ContributionWithdrawn.safeParse(withReason).success);
  assert.ok(ContributionRejected.safeParse(withReason).success);
  for (const reason of ['', '   ', undefined]) {
    assert.not.ok(ContributionCorrected.safeParse({ ...target, reason, content }).success, `correction reason ${JSON.stringify(reason)}`);
    assert.not.ok(ContributionWithdrawn.safeParse({ ...target, reason }).success, `withdrawal reason ${JSON.stringify(reason)}`);
    assert.not.ok(ContributionRejected.safeParse({ ...target, reason }).success, `rejection reason ${JSON.stringify(reason)}`);
  }
});

test.run();
