// Big ledgers, fast and valid. The demo scenario (src/demo) is replayed round after round with a new
// seed each time, every command going through the real deciders, so every event obeys the domain
// rules; but the events are written straight into the store in batches of 10,000 (importRecorded,
// which still checks positions, stream versions and the hash chain), not one command at a time
// through the handlers: a million events take seconds to write instead of an hour.
// The same seed always gives the same ledger, so every run measures the same data.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideContribution, type ContributionCommand } from '../src/domain/contribution/decider.ts';
import { evolveContribution, initialContributionState, type ContributionState } from '../src/domain/contribution/state.ts';
import { contributionStream, EVENT_SCHEMAS, programmeStream, type DomainEvent } from '../src/domain/events.ts';
import { decideProgramme } from '../src/domain/programme/decider.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../src/domain/programme/state.ts';
import { canonicalJson } from '../src/domain/canonical-json.ts';
import { rafcomContributions } from '../src/demo/contributions.ts';
import { RAFCOM, acte3Setup, rafcomSetup } from '../src/demo/setup.ts';
import { GENESIS_HASH } from '../src/store/hash-chain.ts';
import type { EventMetadata, EventStore, RecordedEvent } from '../src/store/port.ts';
import { rowHash } from '../src/store/row-hash.ts';
import { SQLITE_FILE_NAME } from '../src/store/open-store.ts';
import { createSqliteStore } from '../src/store/sqlite.ts';

/** A decided event and where it goes, before the store gives it a place in the log. */
export interface LedgerEvent {
  stream: string;
  event: DomainEvent;
  metadata: EventMetadata;
}

/** The programme whose contributions fill the ledger. */
export const PROGRAMME = RAFCOM;
const COORDINATOR: EventMetadata = { actor: 'bench:coordination', role: 'coordinator' };
/** Bumped whenever the generated ledger changes, so a cache of an older one is never reused. */
export const GENERATOR_VERSION = 3;
/**
 * Rounds whose equipment loans dated before the equipment rate (March 2024) stay unvalued, as in the
 * demo: about ten contributions in all. From this round on, such loans carry the partner's own
 * daily value (`rate`, `rateBasis`), as a network does once the coordinator asks for the missing
 * value. The totals document lists every unvalued contribution, so the length of that list, not
 * the ledger's, sets its cost: a constant share of unvalued ones would make GET totals measure a
 * list of thousands that a real network does not keep.
 */
export const UNVALUED_ROUNDS = 3;
const EQUIPMENT_RATE_FROM = '2024-03-01';

/**
 * Every event of the generated ledger, in log order: both demo programmes' set-up, then round after
 * round of the Roche aux Fées programme's two demo years of contributions (about 660 events per
 * round; one programme grows, as one network's ledger does, so its journal and its totals cover
 * nearly the whole log). Within a round the recordings come first and the later steps
 * (validations, corrections, withdrawals, rejections) after them, so streams interleave in the log
 * as they do in real use. Endless: the caller stops.
 */
export function* ledgerEvents(seed = 1): Generator<LedgerEvent> {
  const programmes = new Map<string, ProgrammeState>();
  for (const command of [...rafcomSetup(), ...acte3Setup()]) {
    const programmeId = command.data.programmeId;
    const state = programmes.get(programmeId) ?? initialProgrammeState();
    programmes.set(programmeId, state);
    for (const event of decideProgramme(command, state)) {
      evolveProgramme(state, event);
      yield { stream: programmeStream(programmeId), event, metadata: COORDINATOR };
    }
  }
  for (let round = 0; ; round++) {
    const lives = rafcomContributions(seed * 100_003 + round);
    const later: LedgerEvent[] = [];
    for (const life of lives) {
      const contributionId = `${life.contributionId}-r${round}`;
      const programme = programmes.get(life.programmeId)!;
      const partner: EventMetadata = { actor: `bench:${life.partnerId}`, role: 'partner' };
      let state: ContributionState = initialContributionState();
      for (const [index, step] of life.steps.entries()) {
        const command = valuedLater({ ...step, contributionId } as ContributionCommand, round);
        const reviewer = command.type === 'ValidateContribution' || command.type === 'RejectContribution';
        for (const event of decideContribution(command, state, programme)) {
          state = evolveContribution(state, event);
          const entry = { stream: contributionStream(life.programmeId, life.partnerId, contributionId), event, metadata: reviewer ? COORDINATOR : partner };
          if (index === 0) yield entry;
          else later.push(entry);
        }
      }
    }
    yield* later;
  }
}

/** After the first rounds, an early equipment loan comes with its own value instead of none. */
function valuedLater(command: ContributionCommand, round: number): ContributionCommand {
  if (round < UNVALUED_ROUNDS || !('content' in command)) return command;
  const content = command.content;
  if (content.kind !== 'equipment' || content.date >= EQUIPMENT_RATE_FROM || content.rate !== undefined) return command;
  const printer = content.role === 'imprimante 3D';
  const rate = { rate: printer ? '25.00' : '15.00', rateBasis: 'Valeur locative journalière déclarée par le partenaire' };
  return { ...command, content: { ...content, ...rate } } as ContributionCommand;
}

/** A deterministic UUID-shaped event id: ids in real use are UUIDs, and their length matters. */
export function eventId(seed: number, position: number): string {
  return `${(seed >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${position.toString(16).padStart(12, '0')}`;
}

const START_MS = Date.UTC(2024, 0, 2, 8, 0, 0);
/** One event a minute: a million events span about two years, like the demo's dates. */
const EVENT_SPACING_MS = 60_000;

/** Turns generated events into recorded ones (positions, versions, times, the hash chain) for import. */
export class Recorder {
  private position: number;
  private hash: string;
  private readonly versions = new Map<string, number>();
  /** Contributions recorded so far. */
  contributions = 0;

  constructor(
    private readonly seed: number,
    start: { position: number; hash: string } = { position: 0, hash: GENESIS_HASH },
  ) {
    this.position = start.position;
    this.hash = start.hash;
  }

  get head(): { position: number; hash: string } {
    return { position: this.position, hash: this.hash };
  }

  record(entry: LedgerEvent): RecordedEvent {
    const position = ++this.position;
    const streamVersion = (this.versions.get(entry.stream) ?? 0) + 1;
    this.versions.set(entry.stream, streamVersion);
    const { type, data } = entry.event;
    if (type === 'ContributionRecorded') this.contributions += 1;
    const row = {
      position,
      id: eventId(this.seed, position),
      stream: entry.stream,
      streamVersion,
      type,
      schemaVersion: EVENT_SCHEMAS[type].version,
      data: canonicalJson(data),
      metadata: canonicalJson(entry.metadata),
      recordedAt: new Date(START_MS + position * EVENT_SPACING_MS).toISOString(),
    };
    this.hash = rowHash(this.hash, row);
    return { ...row, data, metadata: entry.metadata, hash: this.hash };
  }
}

const IMPORT_BATCH = 10_000;

/** Appends the next `count` generated events to the store, in batches of IMPORT_BATCH. */
export async function writeEvents(store: EventStore, source: Iterator<LedgerEvent>, recorder: Recorder, count: number): Promise<void> {
  let batch: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const next = source.next();
    if (next.done) throw new Error('the ledger generator ended early');
    batch.push(recorder.record(next.value));
    if (batch.length === IMPORT_BATCH) {
      await store.importRecorded(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await store.importRecorded(batch);
}

export interface BuiltLedger {
  events: number;
  contributions: number;
  /** A data directory holding socle.sqlite, ready for `socle --data DIR`. */
  dataDir: string;
  headHash: string;
}

/**
 * Ledgers of each size in `sizes` (events), each in its own data directory under `dir`, built in
 * one pass: the smaller ones are copies taken on the way to the largest. A ledger already built in
 * `dir` by the same generator version is reused.
 */
export async function buildLedgers(dir: string, sizes: readonly number[], seed = 1, log: (line: string) => void = () => {}): Promise<Map<number, BuiltLedger>> {
  const sorted = [...new Set(sizes)].sort((a, b) => a - b);
  const built = new Map<number, BuiltLedger>();
  const dataDirOf = (size: number) => join(dir, `ledger-v${GENERATOR_VERSION}-s${seed}-${size}`);
  const manifestOf = (size: number) => join(dataDirOf(size), 'bench-ledger.json');
  const missing = sorted.filter((size) => !existsSync(manifestOf(size)));
  for (const size of sorted.filter((s) => !missing.includes(s))) built.set(size, JSON.parse(readFileSync(manifestOf(size), 'utf8')) as BuiltLedger);
  if (missing.length === 0) return built;

  const workDir = join(dir, `ledger-v${GENERATOR_VERSION}-s${seed}-work`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const workFile = join(workDir, SQLITE_FILE_NAME);
  const source = ledgerEvents(seed);
  const recorder = new Recorder(seed);
  // Generation is not what is measured: NORMAL skips an fsync per batch.
  let store = createSqliteStore({ path: workFile, synchronous: 'NORMAL' });
  const started = performance.now();
  try {
    const last = Math.max(...missing);
    for (const size of sorted.filter((s) => s <= last)) {
      const count = size - recorder.head.position;
      await writeEvents(store, source, recorder, count);
      if (!missing.includes(size)) continue;
      // Closing folds the write-ahead log into the file, so a plain copy is a whole database.
      await store.close();
      const target = dataDirOf(size);
      mkdirSync(target, { recursive: true });
      copyFileSync(workFile, join(target, SQLITE_FILE_NAME));
      const ledger: BuiltLedger = { events: size, contributions: recorder.contributions, dataDir: target, headHash: recorder.head.hash };
      writeFileSync(manifestOf(size), JSON.stringify(ledger));
      built.set(size, ledger);
      log(`  generated a ledger of ${size.toLocaleString('en-US')} events (${recorder.contributions.toLocaleString('en-US')} contributions) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      store = createSqliteStore({ path: workFile, synchronous: 'NORMAL' });
    }
  } finally {
    await store.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  return built;
}
