// The rules of a programme's set-up, each accepted and refused (domain.md, "Programme structure").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideProgramme, type ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { evolveProgramme, initialProgrammeState } from '../../src/domain/programme/state.ts';
import { ConflictError, InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import type { EventData, ProgrammeEvent } from '../../src/domain/events.ts';
import { specFor } from './given-when-then.ts';

const given = specFor<ReturnType<typeof initialProgrammeState>, ProgrammeCommand, ProgrammeEvent>({
  initialState: initialProgrammeState,
  evolve: evolveProgramme,
  decide: decideProgramme,
});

const P = 'rafcom';
const opened: ProgrammeEvent = {
  type: 'ProgrammeOpened',
  data: { programmeId: P, name: 'Feuille de route numérique', startsOn: '2023-01-01', endsOn: '2026-12-31' },
};
const ccas: ProgrammeEvent = { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'ccas', name: 'CCAS', category: 'ccas' } };
const axis1: ProgrammeEvent = { type: 'AxisDefined', data: { programmeId: P, axisId: 'axe-1', title: 'Médiation' } };
const action1: ProgrammeEvent = {
  type: 'ActionDefined',
  data: { programmeId: P, actionId: 'a1', number: 1, title: 'Ateliers', axisId: 'axe-1', pilotPartnerId: 'ccas', nature: 'fonctionnement' },
};
const site1: ProgrammeEvent = { type: 'SiteRegistered', data: { programmeId: P, siteId: 'fablab', name: 'FabLab', partnerId: 'ccas' } };
const smic: EventData<'ValuationRateSet'> = {
  programmeId: P,
  rateId: 'smic-2024',
  kind: 'staff_time',
  unit: 'hour',
  amount: '16.89',
  validFrom: '2024-01-01',
  validUntil: '2024-10-31',
  basis: 'SMIC horaire brut 11,65 € + 45 % charges patronales',
};
const setUp = [opened, ccas, axis1, action1, site1];

// ---- opening ----

test('a programme opens', () => {
  given([]).when({ type: 'OpenProgramme', data: opened.data as EventData<'ProgrammeOpened'> }).then([opened]);
});

test('a programme may last one day, not end before it starts', () => {
  const oneDay = { programmeId: P, name: 'Journée', startsOn: '2024-05-01', endsOn: '2024-05-01' };
  given([]).when({ type: 'OpenProgramme', data: oneDay }).then([{ type: 'ProgrammeOpened', data: oneDay }]);
  given([])
    .when({ type: 'OpenProgramme', data: { ...oneDay, endsOn: '2024-04-30' } })
    .then(InvalidCommandError, { path: 'endsOn' });
});

test('opening the same programme again decides nothing; other content is a conflict', () => {
  given([opened]).when({ type: 'OpenProgramme', data: { ...(opened.data as EventData<'ProgrammeOpened'>) } }).then([]);
  given([opened])
    .when({ type: 'OpenProgramme', data: { ...(opened.data as EventData<'ProgrammeOpened'>), endsOn: '2027-12-31' } })
    .then(ConflictError);
});

test('nothing is added to an unknown programme', () => {
  const commands: ProgrammeCommand[] = [
    { type: 'AddPartner', data: ccas.data as EventData<'PartnerJoined'> },
    { type: 'DefineAxis', data: axis1.data as EventData<'AxisDefined'> },
    { type: 'DefineAction', data: { programmeId: P, actionId: 'a1', number: 1, title: 'x', nature: 'investissement' } },
    { type: 'RegisterSite', data: { programmeId: P, siteId: 's', name: 'Site' } },
    { type: 'SetValuationRate', data: smic },
  ];
  for (const command of commands) given([]).when(command).then(NotFoundError, { message: /programme inconnu : rafcom/ });
});

// ---- partners, axes ----

test('a partner joins; the same again decides nothing; other content under its id is a conflict', () => {
  const data = ccas.data as EventData<'PartnerJoined'>;
  given([opened]).when({ type: 'AddPartner', data }).then([ccas]);
  given([opened, ccas]).when({ type: 'AddPartner', data: { ...data } }).then([]);
  given([opened, ccas]).when({ type: 'AddPartner', data: { ...data, category: 'commune' } }).then(ConflictError);
  given([opened, ccas]).when({ type: 'AddPartner', data: { ...data, name: 'CCAS de Janzé' } }).then(ConflictError);
});

test('an axis is defined once', () => {
  const data = axis1.data as EventData<'AxisDefined'>;
  given([opened]).when({ type: 'DefineAxis', data }).then([axis1]);
  given([opened, axis1]).when({ type: 'DefineAxis', data: { ...data } }).then([]);
  given([opened, axis1]).when({ type: 'DefineAxis', data: { ...data, title: 'Autre' } }).then(ConflictError);
});

// ---- actions ----

test('an action is defined under a known axis with a known pilot', () => {
  given([opened, ccas, axis1]).when({ type: 'DefineAction', data: action1.data as EventData<'ActionDefined'> }).then([action1]);
  const bare = { programmeId: P, actionId: 'a2', number: 2, title: 'Sans axe', nature: 'investissement' as const };
  given([opened]).when({ type: 'DefineAction', data: bare }).then([{ type: 'ActionDefined', data: bare }]);
});

test('an action under an unknown axis or with an unknown pilot is refused', () => {
  const data = action1.data as EventData<'ActionDefined'>;
  given([opened, ccas]).when({ type: 'DefineAction', data }).then(InvalidCommandError, { path: 'axisId', message: /axe inconnu : axe-1/ });
  given([opened, axis1]).when({ type: 'DefineAction', data }).then(InvalidCommandError, { path: 'pilotPartnerId' });
});

test('action ids are unique, and so are action numbers', () => {
  const data = action1.data as EventData<'ActionDefined'>;
  given(setUp).when({ type: 'DefineAction', data: { ...data } }).then([]);
  given(setUp).when({ type: 'DefineAction', data: { ...data, nature: 'investissement' } }).then(ConflictError);
  given(setUp).when({ type: 'DefineAction', data: { ...data, actionId: 'a1-bis' } }).then(InvalidCommandError, { path: 'number' });
});

// ---- sites ----

test('a site is registered, with or without a known partner', () => {
  given([opened, ccas]).when({ type: 'RegisterSite', data: site1.data as EventData<'SiteRegistered'> }).then([site1]);
  const alone = { programmeId: P, siteId: 'mediatheque', name: 'Médiathèque' };
  given([opened]).when({ type: 'RegisterSite', data: alone }).then([{ type: 'SiteRegistered', data: alone }]);
  given([opened]).when({ type: 'RegisterSite', data: site1.data as EventData<'SiteRegistered'> }).then(InvalidCommandError, { path: 'partnerId' });
});

test('a site id is unique', () => {
  const data = site1.data as EventData<'SiteRegistered'>;
  given(setUp).when({ type: 'RegisterSite', data: { ...data } }).then([]);
  given(setUp).when({ type: 'RegisterSite', data: { ...data, name: 'OpenLab' } }).then(ConflictError);
});

// ---- valuation rates ----

test('a rate is set for a time kind in its unit', () => {
  given(setUp).when({ type: 'SetValuationRate', data: smic }).then([{ type: 'ValuationRateSet', data: smic }]);
  const premises = { ...smic, rateId: 'salle', kind: 'premises' as const, unit: 'half_day' as const, amount: '45', basis: 'loyer' };
  given(setUp).when({ type: 'SetValuationRate', data: premises }).then([{ type: 'ValuationRateSet', data: premises }]);
});

test('the unit of a rate must fit its kind', () => {
  given(setUp).when({ type: 'SetValuationRate', data: { ...smic, unit: 'day' } }).then(InvalidCommandError, { path: 'unit' });
  given(setUp)
    .when({ type: 'SetValuationRate', data: { ...smic, kind: 'kiosk', unit: 'hour' } })
    .then(InvalidCommandError, { path: 'unit', message: /kiosk se compte en month/ });
});

test('money kinds take no rate', () => {
  for (const kind of ['cash', 'prestation', 'donation_in_kind'] as const)
    given(setUp).when({ type: 'SetValuationRate', data: { ...smic, kind, unit: 'eur' } }).then(InvalidCommandError, { path: 'kind' });
});

test('a rate valid for one day is accepted; one that ends before it starts is refused', () => {
  const oneDay = { ...smic, validFrom: '2024-06-01', validUntil: '2024-06-01' };
  given(setUp).when({ type: 'SetValuationRate', data: oneDay }).then([{ type: 'ValuationRateSet', data: oneDay }]);
  given(setUp)
    .when({ type: 'SetValuationRate', data: { ...smic, validFrom: '2024-06-02', validUntil: '2024-06-01' } })
    .then(InvalidCommandError, { path: 'validUntil' });
});

test('a partner rate names a known partner', () => {
  const own = { ...smic, rateId: 'ccas-mediateur', partnerId: 'ccas', role: 'médiateur' };
  given(setUp).when({ type: 'SetValuationRate', data: own }).then([{ type: 'ValuationRateSet', data: own }]);
  given(setUp).when({ type: 'SetValuationRate', data: { ...own, partnerId: 'inconnu' } }).then(InvalidCommandError, { path: 'partnerId' });
});

test('given a programme, when a rate beyond 1 000 € a unit or with more than 4 decimals is set, then it is refused in French', () => {
  given(setUp).when({ type: 'SetValuationRate', data: { ...smic, amount: '1000' } }).then([{ type: 'ValuationRateSet', data: { ...smic, amount: '1000' } }]);
  given(setUp).when({ type: 'SetValuationRate', data: { ...smic, amount: '16.8925' } }).then([{ type: 'ValuationRateSet', data: { ...smic, amount: '16.8925' } }]);
  given(setUp).when({ type: 'SetValuationRate', data: { ...smic, amount: '1000.0001' } }).then(InvalidCommandError, { path: 'amount', message: /^au plus 1 000 € par unité$/ });
  given(setUp).when({ type: 'SetValuationRate', data: { ...smic, amount: '16.89251' } }).then(InvalidCommandError, { path: 'amount', message: /^au plus 4 décimales$/ });
  given(setUp).when({ type: 'SetValuationRate', data: { ...smic, amount: '0' } }).then(InvalidCommandError, { path: 'amount', message: /strictement positif/ });
});

test('a rate id is unique: the same rate again decides nothing, another under its id is a conflict', () => {
  const setEvent: ProgrammeEvent = { type: 'ValuationRateSet', data: smic };
  given([...setUp, setEvent]).when({ type: 'SetValuationRate', data: { ...smic } }).then([]);
  given([...setUp, setEvent]).when({ type: 'SetValuationRate', data: { ...smic, amount: '17.22' } }).then(ConflictError);
  given([...setUp, setEvent]).when({ type: 'SetValuationRate', data: { ...smic, validUntil: undefined } }).then(ConflictError);
});

test('rates keep the order they were set in', () => {
  const first: ProgrammeEvent = { type: 'ValuationRateSet', data: smic };
  const second: ProgrammeEvent = { type: 'ValuationRateSet', data: { ...smic, rateId: 'smic-2024-bis' } };
  const { state } = given([...setUp, first]).when({ type: 'SetValuationRate', data: second.data as EventData<'ValuationRateSet'> }).then([second]);
  assert.equal(state.rates.get('smic-2024')?.sequence, 0);
  assert.equal(state.rates.get('smic-2024-bis')?.sequence, 1);
});

// ---- evolve asserts the rules once more ----

test('evolve refuses events that no decision could produce', () => {
  assert.throws(() => evolveProgramme(initialProgrammeState(), ccas), /before ProgrammeOpened/);
  assert.throws(() => evolveProgramme(evolveProgramme(initialProgrammeState(), opened), opened), /opened twice/);
  const state = evolveProgramme(initialProgrammeState(), opened);
  assert.throws(
    () => evolveProgramme(state, { type: 'ValuationRateSet', data: { ...smic, validFrom: '2024-02-01', validUntil: '2024-01-01' } }),
    /validity ends before it starts/,
  );
});


// ---- publications (issue 20: what partners see of one another) ----

test('figures are published once per id; the same request again decides nothing, another note is a conflict', () => {
  const published: ProgrammeEvent = { type: 'FiguresPublished', data: { programmeId: P, publicationId: 'copil-2024-06', note: 'COPIL de juin' } };
  given(setUp).when({ type: 'PublishFigures', data: published.data as EventData<'FiguresPublished'> }).then([published]);
  given([...setUp, published]).when({ type: 'PublishFigures', data: { ...(published.data as EventData<'FiguresPublished'>) } }).then([]);
  given([...setUp, published])
    .when({ type: 'PublishFigures', data: { programmeId: P, publicationId: 'copil-2024-06', note: 'COPIL de juillet' } })
    .then(ConflictError);
  given([]).when({ type: 'PublishFigures', data: { programmeId: P, publicationId: 'x' } }).then(NotFoundError);
});

test.run();
