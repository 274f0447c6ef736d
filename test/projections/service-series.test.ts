// The weekly and monthly series of service hours are a sweep over the schedules' starts and ends
// (src/reports/service-series.ts). Property: whatever schedules were set, corrected and withdrawn,
// and whatever the range and the filter, each week's figure is the naive sum of the schedules in
// force that Monday (weeklyHours), and each month's the naive sum of every schedule's hours × days
// in force ÷ 7 (monthHours). Plus a case worked out by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decideService, type ServiceCommand } from '../../src/domain/service/decider.ts';
import { evolveService, initialServiceState } from '../../src/domain/service/state.ts';
import { evolveProgramme, initialProgrammeState } from '../../src/domain/programme/state.ts';
import type { ProgrammeEvent, ServiceScheduleContent } from '../../src/domain/events.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { monthHours, monthHoursText, hoursText, weeklyHours, type ScheduleFilter } from '../../src/reports/service-hours.ts';
import { monthlySeries, weeklySeries } from '../../src/reports/service-series.ts';
import { addDays, mondays, months } from '../../src/reports/service-dates.ts';

const P = 'p';
const sites = ['janze', 'retiers', 'amanlis'];
const axes = ['openlab', 'animation'];
const setUp: ProgrammeEvent[] = [
  { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Programme', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
  ...axes.map((axisId): ProgrammeEvent => ({ type: 'AxisDefined', data: { programmeId: P, axisId, title: axisId } })),
  ...sites.map((siteId): ProgrammeEvent => ({ type: 'SiteRegistered', data: { programmeId: P, siteId, name: siteId } })),
];
const programme = setUp.reduce(evolveProgramme, initialProgrammeState());
const coordinator: Actor = { name: 'coordination', role: 'coordinator' };
const DAYS = 4 * 365 + 1; // 2023-01-01 … 2026-12-31

test('by hand: 6 h from Wednesday 2024-01-03 to Tuesday 2024-02-13, 3.5 h from 2024-02-01', () => {
  const state = initialServiceState();
  const set = (scheduleId: string, schedule: ServiceScheduleContent) =>
    decideService({ type: 'SetSchedule', programmeId: P, scheduleId, schedule }, state, { programme, actor: coordinator }).forEach((e) => evolveService(state, e));
  set('a', { siteId: 'janze', axisId: 'openlab', hoursPerWeek: '6', from: '2024-01-03', until: '2024-02-13' });
  set('b', { siteId: 'retiers', axisId: 'openlab', hoursPerWeek: '3.5', from: '2024-02-01' });
  // Mondays: 01-01 none; 01-08 … 01-29 6 h; 02-05 and 02-12 6 + 3.5; 02-19 3.5.
  assert.equal(
    weeklySeries(state, '2024-01-01', '2024-02-19').map((w) => w.hours),
    ['0', '6', '6', '6', '6', '9.5', '9.5', '3.5'],
  );
  // January: 6 × 29 days ÷ 7 = 24.857… → 24.86. February: 6 × 13 + 3.5 × 29 = 179.5, ÷ 7 = 25.642… → 25.64.
  // March: 3.5 × 31 ÷ 7 = 15.5.
  assert.equal(monthlySeries(state, '2024-01-01', '2024-03-31'), [
    { month: '2024-01', hours: '24.86' },
    { month: '2024-02', hours: '25.64' },
    { month: '2024-03', hours: '15.5' },
  ]);
});

const scheduleArb = fc.record({
  site: fc.constantFrom(...sites),
  axis: fc.constantFrom(...axes),
  start: fc.integer({ min: 0, max: DAYS - 1 }),
  length: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  hundredths: fc.integer({ min: 1, max: 16800 }),
});
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 0, max: 11 }), s: scheduleArb }),
  fc.record({ kind: fc.constant('correct' as const), id: fc.integer({ min: 0, max: 11 }), s: scheduleArb }),
  fc.record({ kind: fc.constant('withdraw' as const), id: fc.integer({ min: 0, max: 11 }) }),
);
const filterArb: fc.Arbitrary<ScheduleFilter> = fc.record({ siteId: fc.constantFrom(...sites), axisId: fc.constantFrom(...axes) }, { requiredKeys: [] });
const rangeArb = fc.tuple(fc.integer({ min: 0, max: DAYS - 1 }), fc.integer({ min: 0, max: 500 })).map(([start, length]) => {
  const from = addDays('2023-01-01', start);
  return [from, addDays(from, length)] as const;
});

function contentOf(s: { site: string; axis: string; start: number; length?: number | undefined; hundredths: number }): ServiceScheduleContent {
  const from = addDays('2023-01-01', s.start);
  const until = s.length === undefined ? undefined : addDays(from, s.length);
  const hours = `${Math.floor(s.hundredths / 100)}.${String(s.hundredths % 100).padStart(2, '0')}`.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
  return { siteId: s.site, axisId: s.axis, hoursPerWeek: hours, from, ...(until !== undefined && until <= '2026-12-31' && { until }) };
}

test('property: the sweep’s weekly and monthly series equal the naive sums, week by week and month by month', () => {
  fc.assert(
    fc.property(fc.array(stepArb, { maxLength: 40 }), rangeArb, filterArb, (steps, [from, to], filter) => {
      const state = initialServiceState();
      for (const step of steps) {
        const scheduleId = `s${step.id}`;
        const command: ServiceCommand =
          step.kind === 'withdraw'
            ? { type: 'WithdrawSchedule', programmeId: P, scheduleId, reason: 'erreur' }
            : step.kind === 'set'
              ? { type: 'SetSchedule', programmeId: P, scheduleId, schedule: contentOf(step.s) }
              : { type: 'CorrectSchedule', programmeId: P, scheduleId, reason: 'rectifié', schedule: contentOf(step.s) };
        try {
          for (const event of decideService(command, state, { programme, actor: coordinator })) evolveService(state, event);
        } catch {
          // refused: an overlap, an unknown schedule, a repeat with other content
        }
      }
      const naiveWeeks = mondays(from, to).map((week) => ({ week, hours: hoursText(weeklyHours(state, week, filter)) }));
      const naiveMonths = months(from, to).map((month) => ({ month, hours: monthHoursText(monthHours(state, month, filter)) }));
      assert.equal(weeklySeries(state, from, to, filter), naiveWeeks);
      assert.equal(monthlySeries(state, from, to, filter), naiveMonths);
    }),
    { numRuns: 300 },
  );
});

test.run();
