// Section 9: PostgreSQL (bench/tasks/postgres.ts). The peer workload on Socle's PostgreSQL store,
// Emmett's PostgreSQL store and Socle's SQLite store, one after the other within each run (the
// order turning from run to run, so that none always gets the quieter disk), as figures and ratios;
// and Socle's PostgreSQL appends with many in flight, against one at a time.
import { join } from 'node:path';
import { installPostgresPeer } from './peer.ts';
import { runTask } from './spawn.ts';
import { summarize } from './stats.ts';
import type { Output, SectionContext } from './sections.ts';
import { BENCH_DATABASE_URL, type PostgresArgs } from './tasks/postgres.ts';
import { CONCURRENT_APPENDERS } from './tasks/appends.ts';

type Engine = PostgresArgs['engine'];
interface Sample {
  appends: number;
  reads: number;
  ops: number;
}

const ENGINES: Engine[] = ['socle-postgres', 'emmett-postgres', 'socle-sqlite'];
const LABEL: Record<Engine, string> = { 'socle-postgres': 'Socle PostgreSQL', 'emmett-postgres': 'Emmett PostgreSQL', 'socle-sqlite': 'Socle SQLite' };

export async function postgresSection({ plan, log, workDir }: SectionContext, out: Output): Promise<void> {
  const install = await installPostgresPeer(log);
  const samples = new Map<Engine, Sample[]>(ENGINES.map((engine) => [engine, []]));
  const concurrent: number[] = [];
  let durability = '';
  for (let run = 0; run < plan.runs; run++) {
    const order = [...ENGINES.slice(run % ENGINES.length), ...ENGINES.slice(0, run % ENGINES.length)];
    for (const engine of order) {
      log(`  ${engine}: ${plan.peerCount.toLocaleString('en-US')} appends then reads, run ${run + 1}/${plan.runs}`);
      const f = await runTask('postgres', { engine, count: plan.peerCount, dir: join(workDir, 'postgres-sqlite'), peerDir: install.dir });
      samples.get(engine)!.push({ appends: f.appendsPerSecond, reads: f.readsPerSecond, ops: f.operationsPerSecond });
      if (f.concurrentAppendsPerSecond !== undefined) concurrent.push(f.concurrentAppendsPerSecond);
      if (engine === 'socle-postgres') durability = f.synchronousCommit;
    }
  }
  const n = plan.peerCount.toLocaleString('en-US');
  for (const engine of ENGINES) {
    const mine = samples.get(engine)!;
    out.rows.push(
      { section: '9', figure: `${LABEL[engine]}: ${n} durable appends (1 event, new stream each)`, unit: 'appends/s', value: summarize(mine.map((s) => s.appends)) },
      { section: '9', figure: `${LABEL[engine]}: read the ${n} streams back`, unit: 'reads/s', value: summarize(mine.map((s) => s.reads)) },
    );
  }
  const ratio = (a: Engine, b: Engine, pick: (s: Sample) => number) => summarize(samples.get(a)!.map((s, i) => pick(s) / pick(samples.get(b)![i]!)));
  const single = summarize(samples.get('socle-postgres')!.map((s) => s.appends));
  const many = summarize(concurrent);
  out.rows.push(
    { section: '9', figure: 'ratio Socle PostgreSQL / Emmett PostgreSQL, appends', unit: '×', value: ratio('socle-postgres', 'emmett-postgres', (s) => s.appends) },
    { section: '9', figure: 'ratio Socle PostgreSQL / Emmett PostgreSQL, reads', unit: '×', value: ratio('socle-postgres', 'emmett-postgres', (s) => s.reads) },
    { section: '9', figure: 'ratio Socle PostgreSQL / Emmett PostgreSQL, whole workload', unit: '×', value: ratio('socle-postgres', 'emmett-postgres', (s) => s.ops), target: '> 1', met: ratio('socle-postgres', 'emmett-postgres', (s) => s.ops).median > 1 },
    { section: '9', figure: 'ratio Socle PostgreSQL / Socle SQLite, whole workload', unit: '×', value: ratio('socle-postgres', 'socle-sqlite', (s) => s.ops) },
    {
      section: '9',
      figure: `Socle PostgreSQL: ${n} durable appends, ${CONCURRENT_APPENDERS} in flight`,
      unit: 'appends/s',
      value: many,
      note: `${Math.round((many.median / single.median) * 100)} % of one at a time: appends queued while a transaction is open share the next one (postgres-group-commit.ts), one lock and one WAL flush for the group`,
    },
  );
  out.notes.push(
    `PostgreSQL (9): ${Object.entries(install.versions).map(([name, version]) => `${name} ${version}`).join(', ')}, installed in ${install.dir}; server ${new URL(BENCH_DATABASE_URL).host}, a database of each run's own, ${durability === 'on' ? 'synchronous_commit=on (COMMIT waits for the WAL flush)' : `synchronous_commit=${durability}`}; each engine's first append (schema, connections) is not timed.`,
  );
}
