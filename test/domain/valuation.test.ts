// Valuation: which rate applies, and what a contribution is worth (domain.md, "Valuation").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { isRateValidOn, selectRate, valueContribution } from '../../src/domain/valuation.ts';
import type { ContributionContent, DomainEvent } from '../../src/domain/events.ts';
import type { Rate } from '../../src/domain/programme/state.ts';
import { CONTRIBUTION_KINDS, UNIT_OF_KIND, type ContributionKind } from '../../src/domain/kinds.ts';
import { Decimal, DECIMAL_PATTERN } from '../../src/domain/money.ts';
import { ledgerProjection, type LedgerState } from '../../src/read-model/ledger.ts';
import { totalsDocument } from '../../src/reports/totals-document.ts';
import type { ProjectedEvent } from '../../src/read-model/projection.ts';

const hours = (quantity: string, date: string, extra: Partial<ContributionContent> = {}): ContributionContent => ({
  partnerId: 'ccas',
  kind: 'staff_time',
  status: 'actual',
  date,
  quantity,
  unit: 'hour',
  ...extra,
});

let sequence = 0;
function rate(amount: string, validFrom: string, extra: Partial<Rate> = {}): Rate {
  const seq = sequence++;
  return { rateId: `r${seq}`, kind: 'staff_time', unit: 'hour', amount, validFrom, basis: `taux ${amount}`, sequence: seq, ...extra };
}

const valueOf = (content: ContributionContent, rates: Rate[]) => valueContribution(content, rates).value?.toFixed(2) ?? null;

// ---- examples ----

test('2.5 h × 12.25 € = 30.63 €, rounded once, half away from zero', () => {
  const r = rate('12.25', '2024-01-01');
  const v = valueContribution(hours('2.5', '2024-03-01'), [r]);
  assert.is(v.value?.toFixed(2), '30.63');
  assert.is(v.rateSource, 'programme');
  assert.is(v.rateId, r.rateId);
  assert.is(v.rateAmount, '12.25');
  assert.is(v.rateBasis, 'taux 12.25');
});

test('half a cent goes away from zero; below half stays', () => {
  const examples: [string, string, string][] = [
    ['0.5', '0.01', '0.01'], // 0.005
    ['1.5', '0.03', '0.05'], // 0.045
    ['0.4999', '0.01', '0.00'], // 0.004999
    ['3', '0.335', '1.01'], // 1.005
    ['1', '11.884999', '11.88'],
    ['1', '11.885', '11.89'],
    ['7', '16.89', '118.23'],
    ['0.000001', '0.000001', '0.00'],
  ];
  for (const [q, amount, expected] of examples) assert.is(valueOf(hours(q, '2024-03-01'), [rate(amount, '2024-01-01')]), expected, `${q} × ${amount}`);
});

test('rounding happens once, on the product: never quantity or rate first', () => {
  // 1.005 h × 10 € = 10.05 exactly; 0.333333 × 3 = 0.999999 → 1.00 (not 0.33 × 3 = 0.99).
  assert.is(valueOf(hours('1.005', '2024-03-01'), [rate('10', '2024-01-01')]), '10.05');
  assert.is(valueOf(hours('0.333333', '2024-03-01'), [rate('3', '2024-01-01')]), '1.00');
});

test('the SMIC change of 2024-11-01: 11.65 on 2024-10-31, 11.88 from 2024-11-01', () => {
  const before = rate('11.65', '2024-01-01', { basis: 'SMIC horaire brut 11,65 €' });
  const after = rate('11.88', '2024-11-01', { basis: 'SMIC horaire brut 11,88 €' });
  const vol = (date: string) => hours('10', date, { kind: 'volunteer_time' });
  const rates = [before, after].map((r) => ({ ...r, kind: 'volunteer_time' as const }));
  assert.is(valueOf(vol('2024-10-31'), rates), '116.50');
  assert.is(valueOf(vol('2024-11-01'), rates), '118.80');
  assert.is(valueOf(vol('2025-01-01'), rates), '118.80');
  assert.is(valueOf(vol('2023-12-31'), rates), null);
  // The same with a closed validity on the first rate, set in the other order.
  const closed = [{ ...rates[1]!, sequence: 0 }, { ...rates[0]!, validUntil: '2024-10-31', sequence: 1 }];
  assert.is(valueOf(vol('2024-10-31'), closed), '116.50');
  assert.is(valueOf(vol('2024-11-01'), closed), '118.80');
});

test('a period is valued at its first day', () => {
  const rates = [rate('11.65', '2024-01-01'), rate('11.88', '2024-11-01')];
  assert.is(valueOf(hours('10', '2024-10-31', { until: '2024-11-30' }), rates), '116.50');
});

test('precedence: own rate > partner + role > partner > programme + role > programme', () => {
  const programme = rate('10', '2024-01-01');
  const programmeRole = rate('20', '2024-01-01', { role: 'médiateur' });
  const partner = rate('30', '2024-01-01', { partnerId: 'ccas' });
  const partnerRole = rate('40', '2024-01-01', { partnerId: 'ccas', role: 'médiateur' });
  const all = [partnerRole, partner, programmeRole, programme];
  const c = hours('1', '2024-06-01', { role: 'médiateur' });
  const own = valueContribution({ ...c, rate: '50', rateBasis: 'fiche de paie' }, all);
  assert.equal([own.value?.toFixed(2), own.rateSource, own.rateBasis, own.rateId], ['50.00', 'contribution', 'fiche de paie', undefined]);
  const expectations: [Rate[], string, string][] = [
    [all, '40.00', 'partner'],
    [[partner, programmeRole, programme], '30.00', 'partner'],
    [[programmeRole, programme], '20.00', 'programme'],
    [[programme], '10.00', 'programme'],
  ];
  for (const [rates, value, source] of expectations) {
    for (const order of [rates, [...rates].reverse()]) {
      const v = valueContribution(c, order);
      assert.is(v.value?.toFixed(2), value);
      assert.is(v.rateSource, source);
    }
  }
});

test('a rate for another partner, role or kind does not apply', () => {
  const rates = [
    rate('30', '2024-01-01', { partnerId: 'caf' }),
    rate('20', '2024-01-01', { role: 'animateur' }),
    rate('45', '2024-01-01', { kind: 'premises', unit: 'half_day' }),
  ];
  const v = valueContribution(hours('1', '2024-06-01', { role: 'médiateur' }), rates);
  assert.is(v.value, null);
  assert.is(v.unvaluedReason, 'no staff_time rate (role médiateur) on 2024-06-01');
  // A role-less rate applies to a contribution with a role.
  assert.is(valueOf(hours('1', '2024-06-01', { role: 'médiateur' }), [...rates, rate('10', '2024-01-01')]), '10.00');
});

test('validity start and end are both inclusive', () => {
  const r = rate('10', '2024-03-01', { validUntil: '2024-03-31' });
  assert.is(valueOf(hours('1', '2024-02-29'), [r]), null);
  assert.is(valueOf(hours('1', '2024-03-01'), [r]), '10.00');
  assert.is(valueOf(hours('1', '2024-03-31'), [r]), '10.00');
  assert.is(valueOf(hours('1', '2024-04-01'), [r]), null);
  assert.ok(isRateValidOn({ validFrom: '2024-03-01' }, '2099-12-31'), 'no end: valid ever after');
});

test('among rates of the same tier, the latest start wins, then the one set last', () => {
  const early = rate('10', '2024-01-01');
  const late = rate('11', '2024-06-01');
  assert.is(valueOf(hours('1', '2024-07-01'), [late, { ...early, sequence: late.sequence + 1 }]), '11.00', 'a later start wins even if set earlier');
  const again = rate('12', '2024-01-01');
  assert.is(valueOf(hours('1', '2024-03-01'), [again, early]), '12.00', 'same start: the one set last wins, whatever the order given');
  assert.is(selectRate([again, early], hours('1', '2024-03-01'))?.rateId, again.rateId);
});

test('no rate: unvalued with the reason, never zero', () => {
  const v = valueContribution(hours('3', '2024-03-01', { kind: 'volunteer_time' }), []);
  assert.is(v.value, null);
  assert.is(v.unvaluedReason, 'no volunteer_time rate on 2024-03-01');
  assert.is(v.rateSource, undefined);
});

test('money kinds are worth their amount, rounded to the cent; no rate needed', () => {
  for (const kind of ['cash', 'prestation', 'donation_in_kind'] as const) {
    const c: ContributionContent = { partnerId: 'caf', kind, status: 'actual', date: '2024-01-15', unit: 'eur', amount: '1234.505' };
    assert.is(valueOf(c, []), '1234.51');
  }
});

// ---- properties ----

const DAY_MS = 86_400_000;
const BASE = Date.UTC(2023, 11, 1);
/** Dates over about 14 months, so validity windows overlap and touch often. */
const dateArb = fc.integer({ min: 0, max: 420 }).map((d) => new Date(BASE + d * DAY_MS).toISOString().slice(0, 10));

/** Canonical positive decimal strings of the catalogue (at most 6 decimals). */
function decimalArb(maxInteger: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 0, max: maxInteger }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([int, places, frac]) => (places === 0 ? String(int) : `${int}.${String(frac).padStart(6, '0').slice(0, places)}`))
    .filter((s) => new Decimal(s).greaterThan(0));
}

const TIME_KINDS = ['staff_time', 'volunteer_time'] as const;
const PARTNERS = ['ccas', 'caf'] as const;
const ROLES = ['médiateur', 'animateur'] as const;

const rateArb = fc
  .record({
    kind: fc.constantFrom(...TIME_KINDS),
    amount: decimalArb(500),
    validFrom: dateArb,
    lengthDays: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    partnerId: fc.option(fc.constantFrom(...PARTNERS), { nil: undefined }),
    role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
  })
  .map(({ lengthDays, ...r }) => ({
    ...r,
    validUntil: lengthDays === undefined ? undefined : new Date(Date.parse(r.validFrom) + lengthDays * DAY_MS).toISOString().slice(0, 10),
  }));

const ratesArb = fc.array(rateArb, { maxLength: 12 }).map((rs) =>
  rs.map((r, i): Rate => {
    const out: Rate = { rateId: `r${i}`, kind: r.kind, unit: 'hour', amount: r.amount, validFrom: r.validFrom, basis: 'b', sequence: i };
    if (r.validUntil !== undefined) out.validUntil = r.validUntil;
    if (r.partnerId !== undefined) out.partnerId = r.partnerId;
    if (r.role !== undefined) out.role = r.role;
    return out;
  }),
);

const contentArb = fc
  .record({
    kind: fc.constantFrom(...TIME_KINDS),
    partnerId: fc.constantFrom(...PARTNERS),
    role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
    date: dateArb,
    quantity: decimalArb(1000),
    ownRate: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: decimalArb(100) }),
  })
  .map(({ ownRate, role, ...c }): ContributionContent => ({
    ...c,
    status: 'actual',
    unit: 'hour',
    ...(role !== undefined && { role }),
    ...(ownRate !== undefined && { rate: ownRate, rateBasis: 'justifié' }),
  }));

/** An independent statement of the precedence rule, to compare with selectRate. */
function expectedRate(rates: Rate[], c: ContributionContent): Rate | undefined {
  const applicable = rates.filter(
    (r) =>
      r.kind === c.kind &&
      r.validFrom <= c.date &&
      (r.validUntil === undefined || c.date <= r.validUntil) &&
      (r.partnerId === undefined || r.partnerId === c.partnerId) &&
      (r.role === undefined || r.role === c.role),
  );
  const rank = (r: Rate) => (r.partnerId === undefined ? 2 : 0) + (r.role === undefined ? 1 : 0);
  applicable.sort((a, b) => rank(a) - rank(b) || (a.validFrom < b.validFrom ? 1 : a.validFrom > b.validFrom ? -1 : 0) || b.sequence - a.sequence);
  return applicable[0];
}

test('property: a rate is never applied outside its validity (nor to another kind, partner or role)', () => {
  fc.assert(
    fc.property(ratesArb, contentArb, (rates, c) => {
      const v = valueContribution(c, rates);
      if (c.rate !== undefined) {
        assert.is(v.rateSource, 'contribution');
        assert.is(v.rateId, undefined);
        return;
      }
      const chosen = rates.find((r) => r.rateId === v.rateId);
      if (chosen) {
        assert.ok(chosen.validFrom <= c.date, `${chosen.rateId} starts ${chosen.validFrom}, after ${c.date}`);
        assert.ok(chosen.validUntil === undefined || c.date <= chosen.validUntil, `${chosen.rateId} ended ${chosen.validUntil}, before ${c.date}`);
        assert.is(chosen.kind, c.kind);
        assert.ok(chosen.partnerId === undefined || chosen.partnerId === c.partnerId);
        assert.ok(chosen.role === undefined || chosen.role === c.role);
      }
      assert.is(v.rateId, expectedRate(rates, c)?.rateId);
      assert.is(v.value === null, v.rateId === undefined);
      if (v.value === null) assert.ok(v.unvaluedReason?.includes(c.date));
    }),
    { numRuns: 2000 },
  );
});

/** Parse a catalogue decimal into an integer of millionths, independently of decimal.js. */
function micros(s: string): bigint {
  assert.match(s, DECIMAL_PATTERN);
  const [int, frac = ''] = s.split('.');
  return BigInt(int!) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

test('property: a value is always a whole number of cents, the product rounded half away from zero', () => {
  const big = fc.oneof(decimalArb(1000), decimalArb(999_999_999));
  fc.assert(
    fc.property(big, big, (quantity, amount) => {
      const v = valueContribution(hours(quantity, '2024-03-01'), [rate(amount, '2024-01-01')]).value!;
      assert.ok(v.times(100).isInteger(), `${v.toString()} is not whole cents`);
      // quantity × amount in 10^-12, rounded to 10^-2: add half of 10^10 and truncate (positive values).
      const exact = micros(quantity) * micros(amount);
      const cents = (exact + 5_000_000_000n) / 10_000_000_000n;
      assert.is(v.times(100).toFixed(0), cents.toString());
    }),
    { numRuns: 2000 },
  );
});

// ---- totals are the sum of their parts (the ledger projection folded by hand) ----

let position = 0;
function projected(event: DomainEvent, stream: string, streamVersion: number): ProjectedEvent {
  position += 1;
  return {
    ...event,
    id: `e${position}`,
    position,
    hash: position.toString(16).padStart(64, '0'),
    stream,
    streamVersion,
    recordedAt: '2024-12-01T00:00:00.000Z',
    metadata: { actor: 'test', role: 'coordinator' },
  } as ProjectedEvent;
}

const RATED_KINDS = ['staff_time', 'volunteer_time', 'premises'] as const;
const ledgerStepArb = fc.oneof(
  fc.record({
    step: fc.constant('rate' as const),
    kind: fc.constantFrom(...RATED_KINDS),
    amount: decimalArb(300),
    validFrom: dateArb,
    partnerId: fc.option(fc.constantFrom(...PARTNERS), { nil: undefined }),
  }),
  fc.record({
    step: fc.constant('contribution' as const),
    kind: fc.constantFrom(...CONTRIBUTION_KINDS),
    partnerId: fc.constantFrom(...PARTNERS),
    status: fc.constantFrom('planned' as const, 'actual' as const),
    date: dateArb,
    size: decimalArb(5000),
    actionId: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
    then: fc.constantFrom('none', 'none', 'validate', 'withdraw', 'reject', 'correct', 'validate-correct'),
    correctedSize: decimalArb(5000),
  }),
);

test('property: totals equal the sum of their parts, and each part the sum of its contributions’ values', () => {
  fc.assert(
    fc.property(fc.array(ledgerStepArb, { maxLength: 40 }), (steps) => {
      position = 0;
      const P = 'p';
      const events: ProjectedEvent[] = [];
      let setUpVersion = 0;
      const setUp = (e: DomainEvent) => events.push(projected(e, `programme-${P}`, ++setUpVersion));
      setUp({ type: 'ProgrammeOpened', data: { programmeId: P, name: 'P', startsOn: '2023-01-01', endsOn: '2026-12-31' } });
      for (const partnerId of PARTNERS) setUp({ type: 'PartnerJoined', data: { programmeId: P, partnerId, name: partnerId, category: 'autre' } });
      const rates: Rate[] = [];
      const contents = new Map<string, { content: ContributionContent; counted: boolean }>();
      steps.forEach((s, i) => {
        if (s.step === 'rate') {
          const r: Rate = { rateId: `r${i}`, kind: s.kind, unit: UNIT_OF_KIND[s.kind], amount: s.amount, validFrom: s.validFrom, basis: 'b', sequence: rates.length };
          if (s.partnerId !== undefined) r.partnerId = s.partnerId;
          rates.push(r);
          const { sequence: _, ...data } = r;
          setUp({ type: 'ValuationRateSet', data: { programmeId: P, ...data } });
          return;
        }
        const id = `c${i}`;
        const money = UNIT_OF_KIND[s.kind] === 'eur';
        const content: ContributionContent = {
          partnerId: s.partnerId,
          kind: s.kind,
          status: s.status,
          date: s.date,
          unit: UNIT_OF_KIND[s.kind],
          ...(money ? { amount: s.size } : { quantity: s.size }),
          ...(s.actionId !== undefined && { actionId: s.actionId }),
        };
        const target = { programmeId: P, contributionId: id };
        events.push(projected({ type: 'ContributionRecorded', data: { ...target, content } }, `contribution-${id}`, 1));
        let version = 1;
        const next = (e: DomainEvent) => events.push(projected(e, `contribution-${id}`, ++version));
        if (s.then === 'validate' || s.then === 'validate-correct') next({ type: 'ContributionValidated', data: target });
        if (s.then === 'withdraw') next({ type: 'ContributionWithdrawn', data: { ...target, reason: 'r' } });
        if (s.then === 'reject') next({ type: 'ContributionRejected', data: { ...target, reason: 'r' } });
        let final = content;
        if (s.then === 'correct' || s.then === 'validate-correct') {
          // The corrected content moves to another partner and year: every cell it leaves must forget it.
          final = { ...content, partnerId: s.partnerId === 'ccas' ? 'caf' : 'ccas', date: s.date.replace(/^2023/, '2024').replace(/^2024/, '2025') };
          if (money) final.amount = s.correctedSize;
          else final.quantity = s.correctedSize;
          next({ type: 'ContributionCorrected', data: { ...target, reason: 'r', content: final } });
        }
        contents.set(id, { content: final, counted: s.then !== 'withdraw' && s.then !== 'reject' });
      });

      let state: LedgerState = ledgerProjection.initialState();
      for (const e of events) state = ledgerProjection.evolve(state, e);
      const last = events[events.length - 1]!;
      const checkpoint = { state, position: last.position, hash: last.hash };

      for (const [status, year] of [['planned', undefined], ['actual', undefined], ['actual', 2024], ['actual', 2025]] as const) {
        const doc = totalsDocument(checkpoint, state.programmes.get(P)!, { status, include: 'active', ...(year !== undefined && { year }) });
        // Each contribution valued on its own, with every rate (a rate set later revalues what it covers).
        let expected = new Decimal(0);
        const expectedUnvalued: string[] = [];
        for (const [id, { content, counted }] of contents) {
          if (!counted || content.status !== status || (year !== undefined && !content.date.startsWith(String(year)))) continue;
          const v = valueContribution(content, rates);
          if (v.value === null) expectedUnvalued.push(id);
          else expected = expected.plus(v.value);
        }
        assert.is(doc.total, expected.toFixed(2));
        assert.equal(doc.unvalued.map((u) => u.contributionId).sort(), expectedUnvalued.sort());
        const sumOf = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed(2);
        assert.is(sumOf(doc.byPartner.map((p) => p.total)), doc.total, 'by partner');
        assert.is(sumOf(Object.values(doc.byKind)), doc.total, 'by kind');
        assert.is(sumOf(Object.values(doc.byAction)), doc.total, 'by action');
        for (const p of doc.byPartner) assert.is(sumOf([p.inKind, p.cash]), p.total, `in kind + cash of ${p.partnerId}`);
        assert.is(sumOf(doc.byPartner.map((p) => p.share)), doc.byPartner.length > 0 && doc.total !== '0.00' ? '100.00' : '0.00');
        for (const kind of CONTRIBUTION_KINDS) assert.ok(kind in doc.byKind, `byKind lists ${kind as ContributionKind}`);
      }
    }),
    { numRuns: 300 },
  );
});

test.run();
