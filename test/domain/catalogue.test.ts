// The vocabulary (kinds, units, categories) and the event catalogue with its upcasting entry point.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CONTRIBUTION_KINDS,
  PARTNER_CATEGORIES,
  UNIT_OF_KIND,
  isCashLike,
  isLocalAuthority,
  isMoneyKind,
  isPublicCategory,
} from '../../src/domain/kinds.ts';
import { EVENT_SCHEMAS, EVENT_TYPES, isEventType } from '../../src/domain/events.ts';
import { UnknownEventError, toDomainEvent } from '../../src/domain/upcast.ts';

test('each kind is counted in the unit of domain.md', () => {
  assert.equal(UNIT_OF_KIND, {
    staff_time: 'hour',
    volunteer_time: 'hour',
    premises: 'half_day',
    kiosk: 'month',
    equipment: 'day',
    prestation: 'eur',
    cash: 'eur',
    donation_in_kind: 'eur',
  });
  assert.equal(CONTRIBUTION_KINDS.filter(isMoneyKind), ['prestation', 'cash', 'donation_in_kind']);
  // The totals' `cash` column: cash and bought services; a donation in kind is in kind.
  assert.equal(CONTRIBUTION_KINDS.filter(isCashLike), ['prestation', 'cash']);
});

test('public or private follows from the category; local authorities are the collectivités', () => {
  assert.equal(PARTNER_CATEGORIES.filter(isPublicCategory), ['commune', 'epci', 'ccas', 'departement', 'region', 'etat', 'caf', 'europe']);
  assert.equal(PARTNER_CATEGORIES.filter((c) => !isPublicCategory(c)), ['association', 'entreprise', 'fondation', 'autre']);
  assert.equal(PARTNER_CATEGORIES.filter(isLocalAuthority), ['commune', 'epci', 'departement', 'region']);
});

test('the catalogue holds the eleven events of the issue, the publication of figures (issue 20), the ten service facts (issue 15), the closings and the scenarios (issue 16), the fiche action (issue 14), each with a schema version', () => {
  assert.equal(EVENT_TYPES, [
    'ProgrammeOpened',
    'PartnerJoined',
    'AxisDefined',
    'ActionDefined',
    'SiteRegistered',
    'ValuationRateSet',
    'FiguresPublished',
    'ContributionRecorded',
    'ContributionCorrected',
    'ContributionWithdrawn',
    'ContributionValidated',
    'ContributionRejected',
    // service hours and indicators (issue 15)
    'ServiceScheduleSet',
    'ServiceScheduleCorrected',
    'ServiceScheduleWithdrawn',
    'ServiceTargetSet',
    'ServiceTargetCorrected',
    'IndicatorDefined',
    'IndicatorCorrected',
    'MeasurementRecorded',
    'MeasurementCorrected',
    'MeasurementWithdrawn',
    // closings (issue 16)
    'PeriodClosed',
    'PeriodReopened',
    'ClosingPolicySet',
    // the fiche action (issue 14)
    'ActionSheetSet',
    // what-if scenarios (issue 16), in their own stream
    'ScenarioDrafted',
    'ScenarioEdited',
    'ScenarioFactAdded',
    'ScenarioFactRemoved',
    'ScenarioArchived',
  ]);
  for (const type of EVENT_TYPES) assert.ok(Number.isInteger(EVENT_SCHEMAS[type].version) && EVENT_SCHEMAS[type].version >= 1, type);
  assert.ok(isEventType('ContributionRecorded'));
  assert.not.ok(isEventType('toString'), 'no inherited property passes for an event type');
  assert.not.ok(isEventType('ContributionDeleted'));
});

test('a stored event of the current version reads as it was written', () => {
  const data = { programmeId: 'p', contributionId: 'c', reason: 'doublon' };
  assert.equal(toDomainEvent('ContributionWithdrawn', 1, data), { type: 'ContributionWithdrawn', data });
});

test('unknown types, missing upcasters and newer versions are refused by name', () => {
  assert.throws(() => toDomainEvent('ContributionDeleted', 1, {}), (e: unknown) => e instanceof UnknownEventError && /unknown event type ContributionDeleted/.test((e as Error).message));
  assert.throws(() => toDomainEvent('ContributionWithdrawn', 2, {}), (e: unknown) => e instanceof UnknownEventError && /newer than this program/.test((e as Error).message));
  assert.throws(() => toDomainEvent('ContributionWithdrawn', 0, {}), (e: unknown) => e instanceof UnknownEventError && /no upcaster for ContributionWithdrawn v0/.test((e as Error).message));
});

test.run();
