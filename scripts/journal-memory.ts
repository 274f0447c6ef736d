// Measures the peak memory of `socle export journal` over a long log (default 200,000 events): builds
// the log once in a SQLite file, then runs the real command in a child process and reports that
// child's peak resident set size. Not a test (no timing or memory assertion belongs in the suite);
// run it by hand:
//   node --import tsx scripts/journal-memory.ts [--events 200000] [--dir /tmp/socle-journal-memory]
// The child (`--child DATA OUT`) runs the command in-process and prints its own peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { contributionStream, programmeStream } from '../src/domain/events.ts';
import { createSqliteStore } from '../src/store/sqlite.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { NewEvent, RecordedEvent } from '../src/store/port.ts';

const PROGRAMME = 'grand-journal';
const metadata = { actor: 'mesure', role: 'coordinator' };
let sequence = 0;
const event = (type: string, data: unknown): NewEvent => ({ id: `e-${++sequence}`, type, schemaVersion: 1, data, metadata });

/** Appends to the memory store (fast), then imports into SQLite by pages: same events, same hash chain. */
async function buildLog(dataDir: string, events: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = createMemoryStore();
  const setUp = [
    event('ProgrammeOpened', { programmeId: PROGRAMME, name: 'Journal de mesure', startsOn: '2024-01-01', endsOn: '2026-12-31' }),
    event('PartnerJoined', { programmeId: PROGRAMME, partnerId: 'ccas', name: 'CCAS', category: 'ccas' }),
    event('ActionDefined', { programmeId: PROGRAMME, actionId: 'a1', number: 1, title: 'Médiation', nature: 'fonctionnement', pilotPartnerId: 'ccas' }),
    event('ValuationRateSet', { programmeId: PROGRAMME, rateId: 'r1', kind: 'staff_time', unit: 'hour', amount: '17.226', validFrom: '2024-01-01', basis: 'SMIC horaire brut 11,88 € + 45 %' }),
  ];
  await store.appendToStream(programmeStream(PROGRAMME), setUp, { expectedStreamVersion: 'no_stream' });
  let written = setUp.length;
  for (let i = 1; written < events; i++) {
    const contributionId = `c-${i}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const batch = [
      event('ContributionRecorded', {
        programmeId: PROGRAMME,
        contributionId,
        content: { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: `2025-${month}-${day}`, quantity: String((i % 40) + 1), unit: 'hour', actionId: 'a1', description: 'Permanence de médiation numérique', evidence: 'Feuille de temps' },
      }),
    ];
    if (written + 1 < events) batch.push(event('ContributionValidated', { programmeId: PROGRAMME, contributionId }));
    await store.appendToStream(contributionStream(PROGRAMME, 'ccas', contributionId), batch, { expectedStreamVersion: 'no_stream' });
    written += batch.length;
    if (i % 50000 === 0) console.error(`  ${written} events`);
  }
  const sqlite = createSqliteStore({ path: join(dataDir, 'socle.sqlite'), synchronous: 'NORMAL' });
  let page: RecordedEvent[] = [];
  for await (const recorded of store.readAll()) {
    page.push(recorded);
    if (page.length === 1000) {
      await sqlite.importRecorded(page);
      page = [];
    }
  }
  if (page.length > 0) await sqlite.importRecorded(page);
  const head = await sqlite.head();
  if (head.hash !== (await store.head()).hash) throw new Error('the imported log does not end on the same hash');
  await sqlite.close();
  await store.close();
}

async function child(dataDir: string, out: string): Promise<void> {
  const { main } = await import('../src/cli/main.ts');
  const started = Date.now();
  const code = await main(['export', 'journal', '--programme', PROGRAMME, '--data', dataDir, '--out', out]);
  const usage = process.resourceUsage();
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ code, peakRssMb: Math.round(usage.maxRSS / 1024), seconds: (Date.now() - started) / 1000 }));
}

const { values } = parseArgs({ options: { events: { type: 'string' }, dir: { type: 'string' }, child: { type: 'boolean' } }, allowPositionals: true, strict: false });
if (values.child) {
  const [dataDir, out] = process.argv.slice(-2);
  await child(dataDir!, out!);
} else {
  const events = Number(values.events ?? 200_000);
  const dir = (values.dir as string | undefined) ?? `/tmp/socle-journal-memory-${events}`;
  const dataDir = join(dir, 'data');
  if (!existsSync(join(dataDir, 'socle.sqlite'))) {
    console.error(`building a log of ${events} events in ${dataDir}…`);
    const started = Date.now();
    await buildLog(dataDir, events);
    console.error(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const out = join(dir, 'journal.xlsx');
  rmSync(out, { force: true });
  const result = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', dataDir, out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  const figures = JSON.parse(result.stdout.trim().split('\n').pop()!) as { code: number; peakRssMb: number; seconds: number };
  console.log(`journal of ${events} events: peak RSS ${figures.peakRssMb} MB, ${figures.seconds} s, ${(statSync(out).size / 1e6).toFixed(1)} MB file (exit ${figures.code})`);
  console.log(result.stdout.split('\n').filter((l) => l.startsWith('wrote')).join('\n'));
}
