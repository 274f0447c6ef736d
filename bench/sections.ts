// The parts of the benchmark, each turning measurements into table rows. A part that cannot run
// (a missing command, a peer that will not install) is reported with its reason and the rest goes on.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltLedger } from './ledger.ts';
import { PROGRAMME } from './ledger.ts';
import { getTotals, postContributions, type LoadFigures } from './load.ts';
import { getHealth, hammerAsOf, type HammerFigures } from './as-of-load.ts';
import { installPeer } from './peer.ts';
import { postgresSection } from './postgres-section.ts';
import { createToken, runExport, startSocle, type RunningSocle } from './socle-process.ts';
import { runTask } from './spawn.ts';
import { SNAPSHOT_FILE_NAME } from '../src/app/ledger-snapshot-file.ts';
import { CONCURRENT_APPENDERS } from './tasks/appends.ts';
import { serviceBench } from './service.ts';
import { megabytes, summarize, type Summary } from './stats.ts';
import { atLeast, atMost, formatNumber, type Row, type Skipped } from './table.ts';

export const SECTION_NAMES: Record<number, string> = {
  1: 'appends',
  2: 'replay and start-up',
  3: 'valuation and totals',
  4: 'exports',
  5: 'API under load',
  6: 'peer',
  7: 'import',
  8: 'service hours and indicators',
  9: 'PostgreSQL',
};

export interface Plan {
  name: 'full' | 'quick';
  runs: number;
  singles: number;
  batches: number;
  replaySizes: number[];
  /** The ledger `socle serve` starts on (and GET totals is loaded at, with the smallest replay size). */
  serveSize: number;
  valuationContributions: number;
  /** A ledger whose programme holds about this many contributions, for the contributions workbook. */
  contributionsExportSize: number;
  journalSize: number;
  postSize: number;
  loadSeconds: number;
  peerCount: number;
  /** Rows of the CSV and the .xlsx that `socle import contributions` reads (section 7). */
  importRows: number;
  /** Whether this plan runs at the sizes the size-bound targets are stated for. */
  fullSizes: boolean;
  ledgerSizes(): number[];
}

function ledgerSizes(this: Plan): number[] {
  return [...new Set([...this.replaySizes, this.serveSize, this.contributionsExportSize, this.journalSize, this.postSize])];
}

export const FULL: Plan = {
  name: 'full',
  runs: 3,
  singles: 3000,
  batches: 50,
  replaySizes: [100_000, 300_000, 1_000_000],
  serveSize: 1_000_000,
  valuationContributions: 1_000_000,
  // ~1.78 events per contribution: 180,000 events hold about 100,000 contributions.
  contributionsExportSize: 180_000,
  journalSize: 1_000_000,
  postSize: 100_000,
  loadSeconds: 10,
  peerCount: 2000,
  importRows: 100_000,
  fullSizes: true,
  ledgerSizes,
};

export const QUICK: Plan = {
  name: 'quick',
  runs: 3,
  singles: 1000,
  batches: 10,
  replaySizes: [10_000, 30_000, 100_000],
  serveSize: 100_000,
  valuationContributions: 100_000,
  contributionsExportSize: 18_000,
  journalSize: 100_000,
  postSize: 10_000,
  loadSeconds: 3,
  peerCount: 500,
  importRows: 10_000,
  fullSizes: false,
  ledgerSizes,
};

export interface SectionContext {
  plan: Plan;
  ledgers: Map<number, BuiltLedger>;
  workDir: string;
  only?: Set<number>;
  log(line: string): void;
}

export interface Output {
  rows: Row[];
  skipped: Skipped[];
  notes: string[];
}

const count = (n: number) => n.toLocaleString('en-US');
const mb = (samples: number[]) => summarize(samples.map(megabytes));

export async function runSections(context: SectionContext): Promise<Output> {
  const out: Output = { rows: [], skipped: [], notes: [] };
  const sections: [number, (c: SectionContext, o: Output) => Promise<void>][] = [
    [1, appends],
    [2, replays],
    [3, valuation],
    [4, exportsSection],
    [5, api],
    [6, peer],
    [7, importSection],
    [8, serviceSection],
    [9, postgresSection],
  ];
  for (const [number, section] of sections) {
    if (context.only && !context.only.has(number)) continue;
    context.log(`[${number}/${sections.length}] ${SECTION_NAMES[number]}`);
    try {
      await section(context, out);
    } catch (error) {
      out.skipped.push({ section: String(number), figure: SECTION_NAMES[number]!, reason: oneLine(error) });
      context.log(`  failed: ${oneLine(error)}`);
    }
  }
  return out;
}

/** 7: service hours and indicators (bench/service.ts), in this process: its figures are small. */
async function serviceSection({ plan, log }: SectionContext, out: Output): Promise<void> {
  const { rows } = await serviceBench(plan.name === 'full' ? [100, 1000, 3000] : [100, 1000], log);
  out.rows.push(...rows);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);
}

function ledgerOf(context: SectionContext, size: number): BuiltLedger {
  const ledger = context.ledgers.get(size);
  if (!ledger) throw new Error(`no ledger of ${size} events was generated`);
  return ledger;
}

async function appends({ plan, workDir, log }: SectionContext, out: Output): Promise<void> {
  const single: number[] = [];
  const concurrent: number[] = [];
  const batched: number[] = [];
  const raw: number[] = [];
  const rawBatched: number[] = [];
  const rawHashed: number[] = [];
  for (let run = 0; run < plan.runs; run++) {
    log(`  run ${run + 1}/${plan.runs}: ${count(plan.singles)} single appends (in turn, then ${CONCURRENT_APPENDERS} in flight), ${count(plan.batches)} batches of 1,000`);
    const f = await runTask('appends', { dir: join(workDir, 'appends'), singles: plan.singles, batches: plan.batches });
    single.push(f.singlePerSecond);
    concurrent.push(f.concurrentPerSecond);
    batched.push(f.batchedEventsPerSecond);
    raw.push(f.rawCommitsPerSecond);
    rawBatched.push(f.rawBatchedEventsPerSecond);
    rawHashed.push(f.rawHashedEventsPerSecond);
  }
  const s = summarize(single);
  const c = summarize(concurrent);
  const b = summarize(batched);
  const r = summarize(raw);
  const rb = summarize(rawBatched);
  const rh = summarize(rawHashed);
  const share = (store: Summary, floor: Summary) => `${Math.round((store.median / floor.median) * 100)} %`;
  out.rows.push(
    { section: '1', figure: 'durable single appends (1 event per append, synchronous=FULL)', unit: 'appends/s', value: s, target: '≥ 5,000', met: atLeast(s, 5000) },
    {
      section: '1',
      figure: `durable single appends, ${CONCURRENT_APPENDERS} in flight (concurrent appenders, group commit)`,
      unit: 'appends/s',
      value: c,
      note: 'appends that queue up while one is written share the next commit and its fsync; each is answered after that commit',
    },
    { section: '1', figure: 'durable batched appends (1,000 events per append)', unit: 'events/s', value: b, target: '≥ 100,000', met: atLeast(b, 100_000) },
    {
      section: '1',
      figure: 'floor: bare SQLite commits of one row (same disk, WAL, FULL)',
      unit: 'commits/s',
      value: r,
      note: `the disk's fsync bounds durable single appends: the store reaches ${Math.round((s.median / r.median) * 100)} % of bare SQLite`,
    },
    {
      section: '1',
      figure: 'floor: bare SQLite inserts of the batches\' rows, 1,000 per commit',
      unit: 'events/s',
      value: rb,
      note: `the same rows (texts and hashes computed beforehand), 100 to an INSERT, WAL, FULL, none of the store's checks: batched appends reach ${share(b, rb)} of it`,
    },
    {
      section: '1',
      figure: 'floor plus the sha256 chain hash of each row',
      unit: 'events/s',
      value: rh,
      note: `each row's hash computed from the previous one as the store does: batched appends reach ${share(b, rh)} of it`,
    },
  );
}

async function replays(context: SectionContext, out: Output): Promise<void> {
  const { plan, log } = context;
  const perSize: { size: number; rate: Summary; rss: Summary; seconds: Summary }[] = [];
  for (const size of plan.replaySizes) {
    const ledger = ledgerOf(context, size);
    const rates: number[] = [];
    const rss: number[] = [];
    const seconds: number[] = [];
    let projections = '';
    for (let run = 0; run < plan.runs; run++) {
      log(`  replay of ${count(size)} events, run ${run + 1}/${plan.runs}`);
      const f = await runTask('replay', { dataDir: ledger.dataDir }, { nodeArgs: ['--max-old-space-size=8192'] });
      if (f.events !== size) throw new Error(`replayed ${f.events} events, expected ${size}`);
      rates.push(f.eventsPerSecond);
      rss.push(f.maxRssBytes);
      seconds.push(f.seconds);
      projections = f.projections;
    }
    const rate = summarize(rates);
    const peak = mb(rss);
    perSize.push({ size, rate, rss: peak, seconds: summarize(seconds) });
    out.rows.push(
      { section: '2', figure: `replay ${count(size)} events through every projection (${projections})`, unit: 'events/s', value: rate, target: '≥ 300,000', met: atLeast(rate, 300_000) },
      { section: '2', figure: `replay ${count(size)} events: peak memory (RSS)`, unit: 'MB', value: peak },
    );
  }
  if (perSize.length >= 2) {
    const first = perSize[0]!;
    const last = perSize[perSize.length - 1]!;
    const sizeRatio = last.size / first.size;
    const timeRatio = last.seconds.median / first.seconds.median;
    const perEventKb = ((last.rss.median - first.rss.median) * 1024) / (last.size - first.size);
    out.notes.push(
      `growth (2): ${formatNumber(sizeRatio)}× the events took ${formatNumber(timeRatio)}× the time ` +
        `(${perSize.map((p) => `${count(p.size)}: ${formatNumber(p.seconds.median)} s`).join(', ')}); ` +
        `peak memory grew by ${formatNumber(perEventKb)} KB per event (${perSize.map((p) => `${formatNumber(p.rss.median)} MB`).join(', ')}).`,
    );
  }

  // The floor under replay: reading the same rows and parsing their JSON, nothing else.
  const largest = perSize[perSize.length - 1]!;
  const floorLedger = ledgerOf(context, largest.size);
  const read: number[] = [];
  const readAndParse: number[] = [];
  for (let run = 0; run < plan.runs; run++) {
    log(`  floor: reading ${count(largest.size)} rows, run ${run + 1}/${plan.runs}`);
    const f = await runTask('readFloor', { dataDir: floorLedger.dataDir });
    read.push(f.readPerSecond);
    readAndParse.push(f.readAndParsePerSecond);
  }
  const floor = summarize(readAndParse);
  out.rows.push(
    { section: '2', figure: `floor: read the ${count(largest.size)} rows from SQLite (the store's query, raw rows)`, unit: 'events/s', value: summarize(read) },
    {
      section: '2',
      figure: 'floor: read them and parse their data and metadata (JSON.parse), nothing else',
      unit: 'events/s',
      value: floor,
      note: `no Socle code: the replay of ${count(largest.size)} events reaches ${Math.round((largest.rate.median / floor.median) * 100)} % of it`,
    },
  );

  // A version held for 10 s by a slow reader while contributions are recorded (consistent reads).
  {
    const heldLedger = ledgerOf(context, plan.postSize);
    const held: number[] = [];
    const model: number[] = [];
    let writes = 0;
    for (let run = 0; run < plan.runs; run++) {
      log(`  a version held for 10 s on ${count(plan.postSize)} events while contributions are recorded, run ${run + 1}/${plan.runs}`);
      const f = await runTask('heldVersion', { dataDir: heldLedger.dataDir, holdMs: 10_000 }, { nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] });
      held.push(f.heldExtraBytes);
      model.push(f.modelHeapBytes);
      writes = f.writes;
    }
    const pinned = mb(held);
    const whole = mb(model);
    out.rows.push(
      { section: '2', figure: `read model at ${count(plan.postSize)} events: heap`, unit: 'MB', value: whole },
      {
        section: '2',
        figure: `a version held 10 s while ${count(writes)} contributions are recorded (a read every ${10}): heap it pins`,
        unit: 'MB',
        value: pinned,
        note: 'what changed since the version, never the history: compare with the whole model above',
      },
    );
  }

  // The time from spawning `socle serve` to its first answer to GET totals, with the largest
  // ledger: first without a snapshot of the read model (a first start, or the first after a change
  // to the read model's code), which replays the whole log; that process writes the snapshot when
  // it is stopped (SIGTERM); then a start from that snapshot, as every later restart is.
  const ledger = ledgerOf(context, plan.serveSize);
  const token = await createToken(ledger.dataDir, 'coordinator');
  const cold: number[] = [];
  const shutdown: number[] = [];
  const warm: number[] = [];
  const serveLog = join(context.workDir, 'serve.log');
  for (let run = 0; run < plan.runs; run++) {
    rmSync(join(ledger.dataDir, SNAPSHOT_FILE_NAME), { force: true });
    log(`  socle serve on ${count(plan.serveSize)} events without a snapshot, run ${run + 1}/${plan.runs}`);
    const first = await startSocle(ledger.dataDir, token, PROGRAMME, serveLog);
    cold.push(first.firstTotalsMs / 1000);
    const stopping = performance.now();
    await first.stop();
    shutdown.push((performance.now() - stopping) / 1000);
    if (!existsSync(join(ledger.dataDir, SNAPSHOT_FILE_NAME))) throw new Error(`socle serve wrote no snapshot when stopped (see ${serveLog})`);
    log(`  socle serve on ${count(plan.serveSize)} events from its snapshot, run ${run + 1}/${plan.runs}`);
    const second = await startSocle(ledger.dataDir, token, PROGRAMME, serveLog);
    warm.push(second.firstTotalsMs / 1000);
    await second.stop();
  }
  const w = summarize(warm);
  out.rows.push(
    { section: '2', figure: `socle serve on ${count(plan.serveSize)} events, no snapshot (replays the log): start to first GET totals`, unit: 's', value: summarize(cold) },
    {
      section: '2',
      figure: `socle serve on ${count(plan.serveSize)} events: SIGTERM to exit, writing the read model snapshot`,
      unit: 's',
      value: summarize(shutdown),
    },
    {
      section: '2',
      figure: `socle serve on ${count(plan.serveSize)} events, from the snapshot: start to first GET totals`,
      unit: 's',
      value: w,
      ...(plan.fullSizes && { target: '≤ 5 (1M events)', met: atMost(w, 5) }),
    },
  );
}

async function valuation({ plan, log }: SectionContext, out: Output): Promise<void> {
  const fold: number[] = [];
  const valueAll: number[] = [];
  const totals: number[] = [];
  const totalsYear: number[] = [];
  const revalue: number[] = [];
  const rss: number[] = [];
  let contributions = 0;
  let revalued = 0;
  for (let run = 0; run < plan.runs; run++) {
    log(`  ${count(plan.valuationContributions)} contributions, run ${run + 1}/${plan.runs}`);
    const f = await runTask('valuation', { contributions: plan.valuationContributions }, { nodeArgs: ['--max-old-space-size=8192'] });
    fold.push(f.foldContributionsPerSecond);
    valueAll.push(f.valueAllSeconds);
    totals.push(f.totalsMs);
    totalsYear.push(f.totalsYearMs);
    revalue.push(f.revalueMs);
    rss.push(f.maxRssBytes);
    contributions = f.contributions;
    revalued = f.revaluedContributions;
  }
  const n = count(contributions);
  out.rows.push(
    { section: '3', figure: `fold ${n} contributions into the read model (each valued as it comes)`, unit: 'contributions/s', value: summarize(fold) },
    { section: '3', figure: `value all ${n} contributions again (rate choice, exact decimals)`, unit: 's', value: summarize(valueAll) },
    { section: '3', figure: `totals document from the live read model (${n} contributions)`, unit: 'ms', value: summarize(totals) },
    { section: '3', figure: `totals document, one year (${n} contributions)`, unit: 'ms', value: summarize(totalsYear) },
    { section: '3', figure: `a new staff-time rate revalues ${count(revalued)} contributions`, unit: 'ms', value: summarize(revalue) },
    { section: '3', figure: `read model of ${n} contributions: peak memory (RSS)`, unit: 'MB', value: mb(rss) },
  );
}

async function exportsSection(context: SectionContext, out: Output): Promise<void> {
  const { plan, log, workDir } = context;
  const dir = join(workDir, 'exports');
  mkdirSync(dir, { recursive: true });
  const jobs = [
    { workbook: 'contributions', ledger: ledgerOf(context, plan.contributionsExportSize), what: (l: BuiltLedger) => `${count(l.contributions)} contributions` },
    { workbook: 'journal', ledger: ledgerOf(context, plan.journalSize), what: (l: BuiltLedger) => `${count(l.events)} events` },
  ];
  for (const job of jobs) {
    const seconds: number[] = [];
    const rss: number[] = [];
    let fileBytes = 0;
    for (let run = 0; run < plan.runs; run++) {
      log(`  socle export ${job.workbook} (${job.what(job.ledger)}), run ${run + 1}/${plan.runs}`);
      const out = join(dir, `${job.workbook}-${run}.xlsx`);
      const f = await runExport(job.ledger.dataDir, job.workbook, PROGRAMME, out);
      seconds.push(f.seconds);
      rss.push(f.maxRssBytes);
      fileBytes = f.fileBytes;
      rmSync(out, { force: true });
    }
    const s = summarize(seconds);
    const m = mb(rss);
    const journal = job.workbook === 'journal' && plan.fullSizes;
    out.rows.push(
      { section: '4', figure: `socle export ${job.workbook}, ${job.what(job.ledger)} (whole command)`, unit: 's', value: s, ...(journal && { target: '< 25', met: s.median < 25 }), note: `the workbook weighs ${formatNumber(megabytes(fileBytes))} MB` },
      { section: '4', figure: `socle export ${job.workbook}, ${job.what(job.ledger)}: peak memory (RSS)`, unit: 'MB', value: m, ...(journal && { target: '< 600', met: m.median < 600 }) },
    );
  }
}

async function api(context: SectionContext, out: Output): Promise<void> {
  const { plan, log, workDir } = context;
  const seconds = plan.loadSeconds;
  const logFile = join(workDir, 'api.log');

  // POST on a copy of a ledger, so that the ledgers other parts measure stay as generated.
  const post: LoadFigures[] = [];
  for (let run = 0; run < plan.runs; run++) {
    const copy = join(workDir, `post-${run}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(ledgerOf(context, plan.postSize).dataDir, copy, { recursive: true });
    const token = await createToken(copy, 'partner', 'orditous');
    log(`  POST contribution for ${seconds} s on ${count(plan.postSize)} events, run ${run + 1}/${plan.runs}`);
    const server = await startSocle(copy, await createToken(copy, 'coordinator'), PROGRAMME, logFile);
    try {
      post.push(await postContributions({ url: server.url, token, durationSeconds: seconds }, PROGRAMME));
    } finally {
      await server.stop();
      rmSync(copy, { recursive: true, force: true });
    }
  }
  pushLoadRows(out, `POST contribution (${count(plan.postSize)} events in the ledger, 10 connections)`, post, { rps: 2000, p99: 25 });
  await asOfLoad(context, out);

  // GET totals at a small and a large ledger. The document is summed from running aggregates (no
  // walk over the contributions) and lists every unvalued contribution by contract, from an index
  // that keeps their coordinates; the generated ledger keeps a fixed handful of them (see
  // UNVALUED_ROUNDS in ledger.ts), so neither part grows with the ledger. The one-year document
  // (2025, when every kind has a rate) shows the aggregate part alone.
  for (const size of [plan.replaySizes[0]!, plan.serveSize]) {
    const ledger = ledgerOf(context, size);
    const token = await createToken(ledger.dataDir, 'coordinator');
    const whole: LoadFigures[] = [];
    const year: LoadFigures[] = [];
    let unvalued = 0;
    for (let run = 0; run < plan.runs; run++) {
      log(`  GET totals, then GET totals?year=2025, ${seconds} s each on ${count(size)} events, run ${run + 1}/${plan.runs}`);
      const server: RunningSocle = await startSocle(ledger.dataDir, token, PROGRAMME, logFile);
      try {
        unvalued = server.unvalued;
        whole.push(await getTotals({ url: server.url, token, durationSeconds: seconds }, PROGRAMME));
        year.push(await getTotals({ url: server.url, token, durationSeconds: seconds }, PROGRAMME, 'year=2025'));
      } finally {
        await server.stop();
      }
    }
    pushLoadRows(out, `GET totals (${count(size)} events; lists ${count(unvalued)} unvalued)`, whole);
    pushLoadRows(out, `GET totals?year=2025 (${count(size)} events)`, year);
  }
}

/** Tokens hammering as-of reads, and what /api/health and POST see meanwhile (bench/as-of-load.ts). */
const HAMMER_TOKENS = 4;
const HAMMER_PER_TOKEN = 2;

async function asOfLoad(context: SectionContext, out: Output): Promise<void> {
  const { plan, log, workDir } = context;
  const seconds = plan.loadSeconds;
  const size = plan.postSize;
  const quietHealth: LoadFigures[] = [];
  const loadedHealth: LoadFigures[] = [];
  const loadedPost: LoadFigures[] = [];
  const hammered: HammerFigures[] = [];
  for (let run = 0; run < plan.runs; run++) {
    const copy = join(workDir, `as-of-${run}`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(ledgerOf(context, size).dataDir, copy, { recursive: true });
    const partner = await createToken(copy, 'partner', 'orditous');
    const auditors: string[] = [];
    for (let i = 0; i < HAMMER_TOKENS; i++) auditors.push(await createToken(copy, 'auditor'));
    log(`  as-of load on ${count(size)} events, run ${run + 1}/${plan.runs}: health alone, then health and POST while ${HAMMER_TOKENS} tokens × ${HAMMER_PER_TOKEN} as-of totals in flight`);
    const server = await startSocle(copy, auditors[0]!, PROGRAMME, join(workDir, 'api.log'));
    try {
      quietHealth.push(await getHealth(server.url, seconds));
      const hammer = hammerAsOf(server.url, PROGRAMME, auditors, size, HAMMER_PER_TOKEN);
      try {
        loadedHealth.push(await getHealth(server.url, seconds));
        loadedPost.push(await postContributions({ url: server.url, token: partner, durationSeconds: seconds }, PROGRAMME));
      } finally {
        hammered.push(await hammer.stop());
      }
    } finally {
      await server.stop();
      rmSync(copy, { recursive: true, force: true });
    }
  }
  const hammer = `${HAMMER_TOKENS} tokens × ${HAMMER_PER_TOKEN} as-of totals in flight`;
  pushLoadRows(out, `GET /api/health alone (${count(size)} events, 1 connection)`, quietHealth);
  pushLoadRows(out, `GET /api/health while ${hammer}`, loadedHealth);
  pushLoadRows(out, `POST contribution while ${hammer}`, loadedPost);
  const answered = summarize(hammered.map((h) => h.answeredPerSecond));
  out.rows.push({
    section: '5',
    figure: `as-of totals answered, ${hammer} (random positions of ${count(size)} events)`,
    unit: 'reads/s',
    value: answered,
    note: `each replays from the nearest kept version; ${formatNumber(summarize(hammered.map((h) => h.refusedPerSecond)).median)} a second answered 429 or 503 (two heavy reads in flight per token, one replay at a time in the process)`,
  });
}

function pushLoadRows(out: Output, what: string, figures: LoadFigures[], targets?: { rps: number; p99: number }): void {
  const rps = summarize(figures.map((f) => f.requestsPerSecond));
  const p50 = summarize(figures.map((f) => f.p50Ms));
  const p99 = summarize(figures.map((f) => f.p99Ms));
  out.rows.push(
    { section: '5', figure: `${what}: throughput`, unit: 'req/s', value: rps, ...(targets && { target: `≥ ${count(targets.rps)}`, met: atLeast(rps, targets.rps) }) },
    { section: '5', figure: `${what}: latency p50`, unit: 'ms', value: p50 },
    { section: '5', figure: `${what}: latency p99`, unit: 'ms', value: p99, ...(targets && { target: `< ${targets.p99}`, met: p99.median < targets.p99 }) },
  );
}

async function peer({ plan, log, workDir }: SectionContext, out: Output): Promise<void> {
  const install = await installPeer(log);
  const versions = Object.entries(install.versions).map(([name, version]) => `${name} ${version}`).join(', ');
  const ours: { appends: number; reads: number; ops: number }[] = [];
  const theirs: typeof ours = [];
  let settings = '';
  for (let run = 0; run < plan.runs; run++) {
    // Alternate who goes first, so neither always gets the quieter disk.
    const order = run % 2 === 0 ? (['socle', 'emmett'] as const) : (['emmett', 'socle'] as const);
    for (const engine of order) {
      log(`  ${engine}: ${count(plan.peerCount)} appends then reads, run ${run + 1}/${plan.runs}`);
      const f = await runTask('peer', { engine, dir: join(workDir, `peer-${engine}`), count: plan.peerCount, peerDir: install.dir });
      (engine === 'socle' ? ours : theirs).push({ appends: f.appendsPerSecond, reads: f.readsPerSecond, ops: f.operationsPerSecond });
      if (engine === 'emmett') settings = `${f.journalMode}, synchronous=${f.synchronous}`;
    }
  }
  const ratio = (pick: (x: { appends: number; reads: number; ops: number }) => number) => summarize(ours.map((o, i) => pick(o) / pick(theirs[i]!)));
  const n = count(plan.peerCount);
  out.rows.push(
    { section: '6', figure: `Socle: ${n} durable appends (1 event, new stream each)`, unit: 'appends/s', value: summarize(ours.map((o) => o.appends)) },
    { section: '6', figure: `Emmett SQLite: the same ${n} appends`, unit: 'appends/s', value: summarize(theirs.map((o) => o.appends)) },
    { section: '6', figure: `Socle: read the ${n} streams back`, unit: 'reads/s', value: summarize(ours.map((o) => o.reads)) },
    { section: '6', figure: `Emmett SQLite: read the ${n} streams back`, unit: 'reads/s', value: summarize(theirs.map((o) => o.reads)) },
    { section: '6', figure: 'ratio ours/peer, appends', unit: '×', value: ratio((x) => x.appends) },
    { section: '6', figure: 'ratio ours/peer, reads', unit: '×', value: ratio((x) => x.reads) },
    { section: '6', figure: 'ratio ours/peer, whole workload (append then read back)', unit: '×', value: ratio((x) => x.ops), target: '> 1', met: ratio((x) => x.ops).median > 1 },
  );
  out.notes.push(
    `peer (6): ${versions}, installed in ${install.dir}${install.note ? ` (${install.note})` : ''}; its connection kept open for the run ("singleton"), ${settings}, as Socle's store (WAL, synchronous=FULL).`,
  );
}

/** Section 7: rows per second and peak memory of an import of a large CSV and .xlsx (bench/tasks/import.ts). */
async function importSection({ plan, workDir, log }: SectionContext, out: Output): Promise<void> {
  for (const format of ['csv', 'xlsx', 'ods'] as const) {
    log(`  writing a ${count(plan.importRows)}-row .${format}`);
    const { path } = await runTask('importFile', { dir: join(workDir, 'import'), rows: plan.importRows, format });
    const speed: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < plan.runs; run++) {
      const dataDir = join(workDir, 'import', `${format}-${run}`);
      rmSync(dataDir, { recursive: true, force: true });
      log(`  importing it into a fresh ledger, run ${run + 1}/${plan.runs}`);
      const f = await runTask('importRows', { dataDir, path });
      speed.push(f.rowsPerSecond);
      rss.push(f.maxRssBytes);
      rmSync(dataDir, { recursive: true, force: true });
    }
    const n = count(plan.importRows);
    out.rows.push(
      { section: '7', figure: `socle import contributions, ${n}-row .${format} (read twice, batches of 500)`, unit: 'rows/s', value: summarize(speed) },
      { section: '7', figure: `import of a ${n}-row .${format}: peak memory (RSS)`, unit: 'MB', value: mb(rss) },
    );
  }
}
