// 7. Service hours and indicators (issue 15): what the new facts cost. In one process, on a real
// SQLite file: the service book's fold per event, the ledger fold of a service event (it only moves
// the programme's public position), the reports over a large stream, and a POST's decision cost as
// the programme's one service stream grows (the command side keeps the service state and reads
// only the stream's tail: see commands.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open-store.ts';
import { LedgerCommands } from '../src/app/commands.ts';
import { CLI_ACTOR } from '../src/domain/actor.ts';
import { serviceStream } from '../src/domain/events.ts';
import { foldServiceBook } from '../src/read-model/service-book.ts';
import { ledgerProjection } from '../src/read-model/ledger.ts';
import { toProjected } from '../src/read-model/runner.ts';
import type { ProjectedEvent } from '../src/read-model/projection.ts';
import { hoursOn, monthHours, weeklyHours } from '../src/reports/service-hours.ts';
import { monthlySeries, weeklySeries } from '../src/reports/service-series.ts';
import { indicatorsProgress, targetsProgress } from '../src/reports/service-progress.ts';
import { addDays, mondays, months } from '../src/reports/service-dates.ts';
import { summarize } from './stats.ts';
import type { Row } from './table.ts';

const P = 'bench';
const SITES = 100;
const AXES = ['a1', 'a2', 'a3'];

export interface ServiceFigures {
  rows: Row[];
}

/** A programme with SITES sites and three axes, then `schedules` schedules (each site × axis in turn, month after month). */
async function build(dir: string, schedules: number): Promise<LedgerCommands> {
  const store = await openStore({ dataDir: dir });
  const c = new LedgerCommands(store);
  await c.handleProgramme({ type: 'OpenProgramme', data: { programmeId: P, name: 'Banc', startsOn: '2000-01-01', endsOn: '2199-12-31' } }, CLI_ACTOR);
  for (const axisId of AXES) await c.handleProgramme({ type: 'DefineAxis', data: { programmeId: P, axisId, title: axisId } }, CLI_ACTOR);
  for (let s = 0; s < SITES; s++) await c.handleProgramme({ type: 'RegisterSite', data: { programmeId: P, siteId: `s${s}`, name: `Lieu ${s}` } }, CLI_ACTOR);
  await addSchedules(c, 0, schedules);
  return c;
}

/** Schedules `from`…`to − 1`: slot i is site i mod SITES, axis ⌊i/SITES⌋ mod 3, its own 30-day span (never overlapping its slot's others). */
async function addSchedules(c: LedgerCommands, from: number, to: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = from; i < to; i++) {
    const slot = i % (SITES * AXES.length);
    const round = Math.floor(i / (SITES * AXES.length));
    const start = addDays('2000-01-01', round * 30);
    const t = performance.now();
    await c.handleService(
      { type: 'SetSchedule', programmeId: P, scheduleId: `h${i}`, schedule: { siteId: `s${slot % SITES}`, axisId: AXES[Math.floor(slot / SITES)]!, hoursPerWeek: String(1 + (i % 20)), from: start, until: addDays(start, 29) } },
      CLI_ACTOR,
    );
    ms.push(performance.now() - t);
  }
  return ms;
}

export async function serviceBench(sizes: readonly number[], log: (line: string) => void): Promise<ServiceFigures> {
  const rows: Row[] = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'socle-bench-service-'));
    try {
      log(`  ${size} schedules`);
      const c = await build(dir, size);
      // @ts-expect-error the store is private: the bench reads it as the composition root would.
      const store = c.store as import('../src/store/port.ts').EventStore;
      const posts = await addSchedules(c, size, size + 50);
      rows.push({ section: '8', figure: `POST a schedule (decide + append, SQLite), service stream of ${size} events`, unit: 'ms', value: summarize(posts) });
      const stream = await store.readStream(serviceStream(P));
      const folds: number[] = [];
      for (let run = 0; run < 5; run++) {
        const t = performance.now();
        foldServiceBook(P, stream.events, Number.MAX_SAFE_INTEGER);
        folds.push(((performance.now() - t) * 1e6) / stream.events.length);
      }
      rows.push({ section: '8', figure: `service book fold, per event (${stream.events.length} events)`, unit: 'ns/event', value: summarize(folds) });
      // The ledger's own fold of a service event (it moves the programme's public position), in
      // memory: the log read once, then each run folds the set-up and the service events again.
      const all: ProjectedEvent[] = [];
      for await (const e of store.readAll({ from: 1, batchSize: 1000 })) all.push(toProjected(e));
      const setUpCount = all.length - stream.events.length;
      const ledgerFolds: number[] = [];
      for (let run = 0; run < 5; run++) {
        let state = ledgerProjection.initialState();
        for (let i = 0; i < setUpCount; i++) state = ledgerProjection.evolve(state, all[i]!);
        const t = performance.now();
        for (let i = setUpCount; i < all.length; i++) state = ledgerProjection.evolve(state, all[i]!);
        ledgerFolds.push(((performance.now() - t) * 1e6) / stream.events.length);
      }
      rows.push({ section: '8', figure: `ledger read model: fold of a service event (${stream.events.length} events, in memory)`, unit: 'ns/event', value: summarize(ledgerFolds) });
      const book = foldServiceBook(P, stream.events, Number.MAX_SAFE_INTEGER);
      const sites = Array.from({ length: SITES }, (_, s) => `s${s}`);
      const reports: number[] = [];
      for (let run = 0; run < 5; run++) {
        const t = performance.now();
        hoursOn(book.state, '2001-06-01', sites, AXES);
        weeklySeries(book.state, '2000-01-01', '2003-12-31');
        monthlySeries(book.state, '2000-01-01', '2003-12-31');
        targetsProgress(book.state, '2001-06-01');
        indicatorsProgress(book.state, '2001-06-01');
        reports.push(performance.now() - t);
      }
      rows.push({ section: '8', figure: `GET /service's reports (hours on a date, 4 years weekly and monthly), ${stream.events.length} schedules`, unit: 'ms', value: summarize(reports) });
      // The series alone (service-series.ts: one sweep of the starts and ends, was every schedule at every week).
      const series: number[] = [];
      for (let run = 0; run < 5; run++) {
        const t = performance.now();
        weeklySeries(book.state, '2000-01-01', '2003-12-31');
        monthlySeries(book.state, '2000-01-01', '2003-12-31');
        series.push(performance.now() - t);
      }
      rows.push({ section: '8', figure: `weekly and monthly series alone (4 years), ${stream.events.length} schedules`, unit: 'ms', value: summarize(series) });
      // For comparison, the sums the series replaced: every schedule at every Monday and every month.
      const naive: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t = performance.now();
        for (const week of mondays('2000-01-01', '2003-12-31')) weeklyHours(book.state, week);
        for (const month of months('2000-01-01', '2003-12-31')) monthHours(book.state, month);
        naive.push(performance.now() - t);
      }
      rows.push({ section: '8', figure: `the same by naive sums (weeklyHours, monthHours at each point), ${stream.events.length} schedules`, unit: 'ms', value: summarize(naive) });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows };
}
