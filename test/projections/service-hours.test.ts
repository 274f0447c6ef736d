// Weekly service hours, their series, the balance between axes, progress against targets and
// indicators (issue 15). Figures worked out by hand below; and a property: whatever schedules
// were set, corrected and withdrawn, the weekly hours on any date are the sum of those in force.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decideService, type ServiceCommand } from '../../src/domain/service/decider.ts';
import { evolveService, initialServiceState, type ServiceState } from '../../src/domain/service/state.ts';
import { evolveProgramme, initialProgrammeState } from '../../src/domain/programme/state.ts';
import type { ProgrammeEvent, ServiceScheduleContent } from '../../src/domain/events.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { hoursOn, weeklyHours } from '../../src/reports/service-hours.ts';
import { monthlySeries, weeklySeries } from '../../src/reports/service-series.ts';
import { indicatorsProgress, targetsProgress } from '../../src/reports/service-progress.ts';
import { addDays } from '../../src/reports/service-dates.ts';

const P = 'rafcom';
const setUp: ProgrammeEvent[] = [
  { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
  { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'rafcom', name: 'Roche aux Fées Communauté', category: 'epci' } },
  { type: 'AxisDefined', data: { programmeId: P, axisId: 'openlab', title: 'Accès libre' } },
  { type: 'AxisDefined', data: { programmeId: P, axisId: 'animation', title: 'Animation numérique' } },
  { type: 'ActionDefined', data: { programmeId: P, actionId: 'a06', number: 6, title: 'Écoles', pilotPartnerId: 'rafcom', nature: 'fonctionnement' } },
  ...['janze', 'retiers', 'amanlis'].map((siteId): ProgrammeEvent => ({ type: 'SiteRegistered', data: { programmeId: P, siteId, name: siteId, partnerId: 'rafcom' } })),
];
const programme = setUp.reduce(evolveProgramme, initialProgrammeState());
const coordinator: Actor = { name: 'coordination', role: 'coordinator' };

/** Run commands through the decider, as the handler would; a refused one throws. */
function run(commands: ServiceCommand[], state = initialServiceState()): ServiceState {
  for (const command of commands) for (const event of decideService(command, state, { programme, actor: coordinator })) evolveService(state, event);
  return state;
}

const schedule = (scheduleId: string, s: ServiceScheduleContent): ServiceCommand => ({ type: 'SetSchedule', programmeId: P, scheduleId, schedule: s });

// Janzé 21 h open-lab throughout; Retiers 6 h until 2024-08-31, then 9 h; Amanlis 9 h open-lab
// until 2024-08-31, then the same 9 h converted to animation.
const network = () =>
  run([
    schedule('janze', { siteId: 'janze', axisId: 'openlab', hoursPerWeek: '21', from: '2023-01-01' }),
    schedule('retiers-6', { siteId: 'retiers', axisId: 'openlab', hoursPerWeek: '6', from: '2023-01-01', until: '2024-08-31' }),
    schedule('retiers-9', { siteId: 'retiers', axisId: 'openlab', hoursPerWeek: '9', from: '2024-09-01' }),
    schedule('amanlis-open', { siteId: 'amanlis', axisId: 'openlab', hoursPerWeek: '9', from: '2023-01-01', until: '2024-08-31' }),
    schedule('amanlis-anim', { siteId: 'amanlis', axisId: 'animation', hoursPerWeek: '9', from: '2024-09-01' }),
    { type: 'SetTarget', programmeId: P, targetId: 'doubler', target: { label: 'Doubler les heures de 2023', unit: 'hours_per_week', baselineOn: '2023-12-31', multiplier: '2', dueOn: '2026-12-31' } },
    { type: 'SetTarget', programmeId: P, targetId: 'retiers-9', target: { label: 'Retiers à 9 h', unit: 'hours_per_week', siteId: 'retiers', baselineOn: '2023-12-31', value: '9', dueOn: '2024-12-31' } },
  ]);

test('weekly hours as of a date, per site × axis, per site, per axis with its share, and in all', () => {
  const state = network();
  const sites = ['janze', 'retiers', 'amanlis'];
  const axes = ['openlab', 'animation'];
  // 2024-06-15: open-lab 21 + 6 + 9 = 36, animation 0.
  assert.equal(hoursOn(state, '2024-06-15', sites, axes), {
    date: '2024-06-15',
    total: '36',
    cells: [
      { siteId: 'janze', axisId: 'openlab', hours: '21' },
      { siteId: 'retiers', axisId: 'openlab', hours: '6' },
      { siteId: 'amanlis', axisId: 'openlab', hours: '9' },
    ],
    bySite: [{ siteId: 'janze', hours: '21' }, { siteId: 'retiers', hours: '6' }, { siteId: 'amanlis', hours: '9' }],
    byAxis: [{ axisId: 'openlab', hours: '36', share: '100.00' }, { axisId: 'animation', hours: '0', share: '0.00' }],
  });
  // 2024-10-01: open-lab 21 + 9 = 30, animation 9, total 39; shares 30/39 = 76.923…, 9/39 = 23.076…:
  // 7692 and 2307 hundredths, the one left goes to the larger remainder (0.69 > 0.23): 76.92 / 23.08.
  const autumn = hoursOn(state, '2024-10-01', sites, axes);
  assert.is(autumn.total, '39');
  assert.equal(autumn.byAxis, [{ axisId: 'openlab', hours: '30', share: '76.92' }, { axisId: 'animation', hours: '9', share: '23.08' }]);
  // The last day of a schedule counts, the day after does not.
  assert.is(weeklyHours(state, '2024-08-31', { siteId: 'retiers' }).toString(), '6');
  assert.is(weeklyHours(state, '2024-09-01', { siteId: 'retiers' }).toString(), '9');
});

test('series by week (Mondays) and by month (weekly hours × days in force ÷ 7, to the hundredth)', () => {
  const state = network();
  // 2024-09-02 was a Monday; the week of 2024-08-28 starts on 2024-08-26.
  assert.equal(weeklySeries(state, '2024-08-28', '2024-09-09', { siteId: 'retiers' }), [
    { week: '2024-08-26', hours: '6' },
    { week: '2024-09-02', hours: '9' },
    { week: '2024-09-09', hours: '9' },
  ]);
  // August: 6 × 31 / 7 = 26.571… → 26.57; September: 9 × 30 / 7 = 38.571… → 38.57.
  assert.equal(monthlySeries(state, '2024-08-15', '2024-09-30', { siteId: 'retiers' }), [
    { month: '2024-08', hours: '26.57' },
    { month: '2024-09', hours: '38.57' },
  ]);
  // February 2024 for Janzé: 21 × 29 / 7 = 87 exactly.
  assert.equal(monthlySeries(state, '2024-02-01', '2024-02-29', { siteId: 'janze' }), [{ month: '2024-02', hours: '87' }]);
});

test('progress against targets: value, target, % reached, on or behind the straight line', () => {
  const [doubling, retiers] = targetsProgress(network(), '2024-10-01');
  // Baseline on 2023-12-31: 36 h; × 2 = 72 h by 2026-12-31 (1 096 days later). On 2024-10-01
  // (275 days in): 39 h, 39/72 = 54.166… → 54.2 %; the line stands at 36 + 36 × 275/1096 = 45.03 → behind.
  assert.equal(doubling, {
    targetId: 'doubler',
    label: 'Doubler les heures de 2023',
    baselineOn: '2023-12-31',
    dueOn: '2026-12-31',
    baseline: '36',
    target: '72',
    date: '2024-10-01',
    value: '39',
    expected: '45.03',
    percentOfTarget: '54.2',
    status: 'behind',
  });
  // Retiers: from 6 h to 9 h by 2024-12-31; 9 h on 2024-10-01: reached, 100 %.
  assert.is(retiers!.status, 'reached');
  assert.is(retiers!.percentOfTarget, '100');
  assert.is(retiers!.baseline, '6');
});

test('indicators: latest value and series as of a date, against the target', () => {
  const visits = { actionId: 'a06', label: 'Accueils de groupes scolaires', unit: 'accueils', baseline: '33', baselineOn: '2023-12-31', target: '40', dueOn: '2026-12-31', direction: 'increase' as const };
  const state = run(
    [
      { type: 'DefineIndicator', programmeId: P, indicatorId: 'accueils', indicator: visits },
      { type: 'RecordMeasurement', programmeId: P, measurementId: 'm2024', measurement: { indicatorId: 'accueils', value: '36', periodFrom: '2024-01-01', periodTo: '2024-12-31' } },
      { type: 'RecordMeasurement', programmeId: P, measurementId: 'm2023', measurement: { indicatorId: 'accueils', value: '33', periodFrom: '2023-01-01', periodTo: '2023-12-31' } },
    ],
    network(),
  );
  const [later] = indicatorsProgress(state, '2025-06-30');
  // 36/40 = 90 %; (36 − 33)/(40 − 33) = 42.857… → 42.9 % of the way; the line on 2024-12-31:
  // 33 + 7 × 366/1096 = 35.337… → 35.34, and 36 is above it: on track.
  assert.equal(later!.series.map((m) => m.measurementId), ['m2023', 'm2024']);
  assert.equal([later!.latest?.value, later!.percentOfTarget, later!.percentOfWay, later!.expected, later!.status], ['36', '90', '42.9', '35.34', 'on_track']);
  // Mid-2024, the 2024 measurement (period ending 2024-12-31) is not yet in: the latest is 2023's.
  const [earlier] = indicatorsProgress(state, '2024-06-30');
  assert.equal([earlier!.latest?.measurementId, earlier!.percentOfTarget, earlier!.status], ['m2023', '82.5', 'on_track']);
  assert.equal(indicatorsProgress(state, '2025-06-30', 'a99'), []);
});

test('indicators: a withdrawn measurement no longer counts; the one before it is the latest again', () => {
  const visits = { actionId: 'a06', label: 'Accueils de groupes scolaires', unit: 'accueils', baseline: '33', baselineOn: '2023-12-31', target: '40', dueOn: '2026-12-31', direction: 'increase' as const };
  const state = run(
    [
      { type: 'DefineIndicator', programmeId: P, indicatorId: 'accueils', indicator: visits },
      { type: 'RecordMeasurement', programmeId: P, measurementId: 'm2023', measurement: { indicatorId: 'accueils', value: '33', periodFrom: '2023-01-01', periodTo: '2023-12-31' } },
      { type: 'RecordMeasurement', programmeId: P, measurementId: 'm2024', measurement: { indicatorId: 'accueils', value: '36', periodFrom: '2024-01-01', periodTo: '2024-12-31' } },
      { type: 'WithdrawMeasurement', programmeId: P, measurementId: 'm2024', reason: 'compté deux fois' },
    ],
    network(),
  );
  const [after] = indicatorsProgress(state, '2025-06-30');
  // 33/40 = 82.5 %; 33 is the baseline: 0 % of the way; the line on 2023-12-31 is the baseline itself, 33: on track.
  assert.equal(after!.series.map((m) => m.measurementId), ['m2023']);
  assert.equal([after!.latest?.value, after!.percentOfTarget, after!.percentOfWay, after!.expected, after!.status], ['33', '82.5', '0', '33', 'on_track']);
  const [none] = indicatorsProgress(run([{ type: 'WithdrawMeasurement', programmeId: P, measurementId: 'm2023', reason: 'erreur' }], state), '2025-06-30');
  assert.equal([none!.latest, none!.status, none!.series], [null, 'no_measure', []]);
});

// ---- the property ----

const DAYS = 4 * 365 + 1; // 2023-01-01 … 2026-12-31
const sites = ['janze', 'retiers'];
const axes = ['openlab', 'animation'];

const scheduleArb = fc.record({
  site: fc.constantFrom(...sites),
  axis: fc.constantFrom(...axes),
  start: fc.integer({ min: 0, max: DAYS - 1 }),
  length: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  hundredths: fc.integer({ min: 1, max: 16800 }),
});
const commandArb = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 0, max: 7 }), s: scheduleArb }),
  fc.record({ kind: fc.constant('correct' as const), id: fc.integer({ min: 0, max: 7 }), s: scheduleArb }),
  fc.record({ kind: fc.constant('withdraw' as const), id: fc.integer({ min: 0, max: 7 }) }),
);

function contentOf(s: { site: string; axis: string; start: number; length?: number | undefined; hundredths: number }): ServiceScheduleContent {
  const from = addDays('2023-01-01', s.start);
  const until = s.length === undefined ? undefined : addDays(from, s.length);
  const hours = `${Math.floor(s.hundredths / 100)}.${String(s.hundredths % 100).padStart(2, '0')}`.replace(/\.00$/, '');
  return { siteId: s.site, axisId: s.axis, hoursPerWeek: hours, from, ...(until !== undefined && until <= '2026-12-31' && { until }) };
}

test('property: the weekly hours on any date are the sum of the schedules in force that date', () => {
  fc.assert(
    fc.property(fc.array(commandArb, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: DAYS - 1 }), { minLength: 1, maxLength: 10 }), (steps, probes) => {
      const state = initialServiceState();
      // The model: each schedule's content and whether it is withdrawn, kept by hand.
      const model = new Map<string, { content: ServiceScheduleContent; withdrawn: boolean }>();
      for (const step of steps) {
        const scheduleId = `s${step.id}`;
        const command: ServiceCommand =
          step.kind === 'withdraw'
            ? { type: 'WithdrawSchedule', programmeId: P, scheduleId, reason: 'erreur' }
            : step.kind === 'set'
              ? { type: 'SetSchedule', programmeId: P, scheduleId, schedule: contentOf(step.s) }
              : { type: 'CorrectSchedule', programmeId: P, scheduleId, reason: 'rectifié', schedule: contentOf(step.s) };
        let events;
        try {
          events = decideService(command, state, { programme, actor: coordinator });
        } catch {
          continue; // refused: an overlap, an unknown schedule, a repeat with other content
        }
        for (const event of events) evolveService(state, event);
        if (events.length === 0) continue;
        if (command.type === 'WithdrawSchedule') model.get(scheduleId)!.withdrawn = true;
        else model.set(scheduleId, { content: command.schedule, withdrawn: false });
      }
      // Paint the model's schedules day by day, in hundredths of an hour; no two may share a site, an axis and a day.
      const painted = new Map<string, Int32Array>();
      for (const { content, withdrawn } of model.values()) {
        if (withdrawn) continue;
        const key = `${content.siteId}|${content.axisId}`;
        const days = painted.get(key) ?? new Int32Array(DAYS);
        const first = Math.round((Date.parse(content.from) - Date.parse('2023-01-01')) / 86_400_000);
        const last = content.until === undefined ? DAYS - 1 : Math.round((Date.parse(content.until) - Date.parse('2023-01-01')) / 86_400_000);
        const hundredths = Math.round(Number(content.hoursPerWeek) * 100);
        for (let d = first; d <= last; d++) {
          if (days[d] !== 0) return false; // two schedules in force at once on one site and axis
          days[d] = hundredths;
        }
        painted.set(key, days);
      }
      for (const probe of probes) {
        const date = addDays('2023-01-01', probe);
        let expected = 0;
        for (const days of painted.values()) expected += days[probe]!;
        const got = weeklyHours(state, date);
        if (got.times(100).toNumber() !== expected) return false;
        for (const site of sites) {
          const bySite = axes.reduce((sum, axis) => sum + (painted.get(`${site}|${axis}`)?.[probe] ?? 0), 0);
          if (weeklyHours(state, date, { siteId: site }).times(100).toNumber() !== bySite) return false;
        }
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
