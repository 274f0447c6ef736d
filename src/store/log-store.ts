// The embedded event stores, written once over a small synchronous backend (an array in memory, or
// a SQLite file), so that both adapters share exactly the same semantics (the rules of an append
// and an import are log-plan.ts, which the PostgreSQL store shares too): optimistic
// concurrency, idempotency by event id, gap-free global positions, the hash chain, catch-up
// subscriptions, verification and log import. Each append or import checks everything before
// writing, inside a transaction of its own or a savepoint, so nothing of it is written on any error.
//
// Appends and imports are written by group commit (group-commit.ts): queued, then written together
// in one backend transaction at the next turn of the event loop, each caller answered after the
// one commit. The previous hash, the versions and the stored ids are still read inside the
// transaction, for writers in other processes.
import { GENESIS_HASH } from './hash-chain.ts';
import { ChainCheck, checkedAppend, checkedAppends, planAppend, planImport, readableEvent } from './log-plan.ts';
import {
  ImportError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedStreamVersion,
  type Head,
  type NewEvent,
  type StreamAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyResult,
} from './port.ts';
import { checkInstant, checkName, checkPositiveInteger, type NormalizedEvent, type StoredRow } from './stored-row.ts';
import { checkReadAllOptions, DEFAULT_READ_BATCH_SIZE, eventsOfPages } from './read-options.ts';
import { createGroupCommit, type GroupCommit } from './group-commit.ts';
import { startSubscription, trackSubscription } from './subscription.ts';

/** Upper bound on events in one importRecorded call (the CLI imports in batches of 1000). */
export const MAX_EVENTS_PER_IMPORT = 10_000;
export { MAX_READ_BATCH_SIZE } from './read-options.ts';

export { MAX_GROUP_APPENDS, MAX_GROUP_EVENTS } from './group-commit.ts';

/** Storage primitives; all synchronous, all called inside `transaction` when writing. */
export interface LogBackend {
  /**
   * Run fn atomically and exclusively against other writers; roll back if it throws. Called inside
   * another transaction, it is nested: its rollback undoes only its own writes.
   */
  transaction<T>(fn: () => T): T;
  /** Whether a transaction is still open; false after the engine rolled one back on its own (a disk error). */
  inTransaction?(): boolean;
  /**
   * A transaction opened and ended by hand, for importAll: it spans awaits (the file is read between
   * batches), which `transaction(fn)` cannot. Nothing else writes while it is open (flush waits).
   */
  begin(): void;
  commit(): void;
  rollback(): void;
  lastRow(): StoredRow | undefined;
  rowAt(position: number): StoredRow | undefined;
  /** The row of highest position whose recordedAt is at or before `instant` (same ISO form: text order is time order). */
  lastRowAtOrBefore(instant: string): StoredRow | undefined;
  findById(id: string): StoredRow | undefined;
  /** The stored rows with these ids, in any order (one look-up for a whole append). */
  findByIds(ids: string[]): StoredRow[];
  /** The stream's current version, 0 when it has no event. */
  streamVersion(stream: string): number;
  /** Rows of the stream from `fromVersion` (inclusive), in version order. */
  readStream(stream: string, fromVersion: number): StoredRow[];
  /** Rows with afterPosition < position <= toPosition, in position order, at most `limit`. */
  readAfter(afterPosition: number, toPosition: number, limit: number): StoredRow[];
  insert(rows: StoredRow[]): void;
  close(): void;
}

export interface LogStoreOptions {
  clock?: () => Date;
  /** How often subscribers look for appends made by other processes; omit for none. */
  pollIntervalMs?: number;
}

export function createLogStore(kind: string, backend: LogBackend, options: LogStoreOptions = {}): EventStore {
  const listeners = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error(`the ${kind} event store is closed`);
  };
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const commits = createGroupCommit(backend, notify);
  const writes = logWrites(backend, { clock: options.clock ?? (() => new Date()), commits, ensureOpen, notify });
  const reads = logReads(backend, ensureOpen);

  return {
    kind,
    appendToStream: writes.appendToStream,
    appendMany: writes.appendMany,
    readStream: reads.readStream,
    readAll: reads.readAll,
    readPages: reads.readPages,
    head: reads.head,
    positionAt: reads.positionAt,

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      ensureOpen();
      const subscription = startSubscription(subscribeOptions, {
        headPosition: backend.lastRow()?.position ?? 0,
        readAfter: (after, limit) => {
          ensureOpen();
          return backend.readAfter(after, Number.MAX_SAFE_INTEGER, limit).map(readableEvent);
        },
        listen: (wake) => {
          listeners.add(wake);
          return () => listeners.delete(wake);
        },
        pollIntervalMs: options.pollIntervalMs,
      });
      return trackSubscription(subscriptions, subscription);
    },

    verify: reads.verify,
    importRecorded: writes.importRecorded,
    importAll: writes.importAll,

    async close() {
      if (closed) return;
      // Appends already called are written and answered before the store closes.
      commits.flush();
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      subscriptions.clear();
      listeners.clear();
      closed = true;
      backend.close();
    },
  };
}

interface WriteContext {
  clock: () => Date;
  commits: GroupCommit;
  ensureOpen: () => void;
  notify: () => void;
}

/** The store's writes: appends and imports, checked now and written by group commit, and importAll. */
function logWrites(backend: LogBackend, { clock, commits, ensureOpen, notify }: WriteContext) {
  return {
    async appendToStream(stream: string, events: NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      ensureOpen();
      const { expected, normalized } = checkedAppend(stream, events, appendOptions);
      return commits.enqueue(() => appendRows(backend, clock, stream, normalized, expected), normalized.length);
    },

    async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
      ensureOpen();
      const checked = checkedAppends(appends);
      const events = checked.reduce((sum, append) => sum + append.normalized.length, 0);
      // One operation of the group commit: its own (nested) transaction, so a refusal of any append
      // rolls back every append of the call, and only them.
      return commits.enqueue(() => checked.map((append) => appendRows(backend, clock, append.stream, append.normalized, append.expected)), events);
    },

    async importRecorded(events: RecordedEvent[]): Promise<Head> {
      ensureOpen();
      if (!Array.isArray(events)) throw new ImportError('the import must be an array of events');
      if (events.length > MAX_EVENTS_PER_IMPORT) {
        throw new ImportError(`an import call holds at most ${MAX_EVENTS_PER_IMPORT} events, got ${events.length}`);
      }
      return commits.enqueue(() => importRows(backend, events), events.length);
    },

    async importAll(batches: AsyncIterable<RecordedEvent[]>): Promise<Head> {
      ensureOpen();
      if (commits.held) throw new ImportError('an import is already running on this store');
      commits.flush();
      commits.hold();
      backend.begin();
      let head = headOf(backend);
      let wrote = false;
      try {
        for await (const events of batches) {
          ensureOpen();
          if (!Array.isArray(events) || events.length > MAX_EVENTS_PER_IMPORT) {
            throw new ImportError(`an import batch holds at most ${MAX_EVENTS_PER_IMPORT} events`);
          }
          head = importRows(backend, events);
          wrote ||= events.length > 0;
        }
        backend.commit();
      } catch (error) {
        if (backend.inTransaction?.() !== false) backend.rollback();
        throw error;
      } finally {
        commits.release();
      }
      if (wrote) notify();
      return head;
    },
  };
}

/** Plan an append against the stored rows and insert what it adds (inside the group's transaction). */
function appendRows(backend: LogBackend, clock: () => Date, stream: string, normalized: NormalizedEvent[], expected: ExpectedStreamVersion): AppendResult {
  const { result, rows } = planAppend(stream, normalized, expected, {
    storedWithIds: () => (normalized.length === 1 ? [backend.findById(normalized[0]!.id)].filter((row) => row !== undefined) : backend.findByIds(normalized.map((event) => event.id))),
    streamVersion: () => backend.streamVersion(stream),
    lastRow: () => backend.lastRow(),
    now: () => clock().toISOString(),
  });
  if (rows.length > 0) backend.insert(rows);
  return result;
}

/** Plan an import of recorded events against the stored rows and insert them. */
function importRows(backend: LogBackend, events: RecordedEvent[]): Head {
  const { head, rows } = planImport(events, {
    lastRow: () => backend.lastRow(),
    isStored: (id) => backend.findById(id) !== undefined,
    streamVersion: (stream) => backend.streamVersion(stream),
  });
  backend.insert(rows);
  return head;
}

/** The head of the log, or the position and hash at `atPosition`. */
function headOf(backend: LogBackend, atPosition?: number): Head {
  if (atPosition === undefined) {
    const last = backend.lastRow();
    return last ? { position: last.position, hash: last.hash } : { position: 0, hash: GENESIS_HASH };
  }
  if (!Number.isSafeInteger(atPosition) || atPosition < 0) throw new RangeError('position must be a non-negative integer');
  if (atPosition === 0) return { position: 0, hash: GENESIS_HASH };
  const row = backend.rowAt(atPosition);
  if (row) return { position: row.position, hash: row.hash };
  const headPosition = backend.lastRow()?.position ?? 0;
  if (atPosition > headPosition) throw new RangeError(`position ${atPosition} is beyond the head of the log (${headPosition})`);
  throw new Error(`the event at position ${atPosition} is missing: the log is damaged (run verify)`);
}

/** Rows with fromPosition <= position <= toPosition, a page at a time. */
function* pagesOf(backend: LogBackend, fromPosition: number, toPosition: number, batchSize: number): Generator<StoredRow[]> {
  let after = fromPosition - 1;
  while (after < toPosition) {
    const page = backend.readAfter(after, toPosition, batchSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.position;
  }
}

/** The store's reads: a stream, the log by pages or events, the head, and the chain's verification. */
function logReads(backend: LogBackend, ensureOpen: () => void) {
  function readPages(readOptions: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    const { from, batchSize } = checkReadAllOptions(readOptions);
    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        // The head when reading starts: appends made meanwhile are for the next read.
        const to = readOptions.to ?? backend.lastRow()?.position ?? 0;
        for (const page of pagesOf(backend, from, to, batchSize)) yield page.map(readableEvent);
      },
    };
  }

  return {
    async readStream(stream: string, readOptions: ReadStreamOptions = {}): Promise<ReadStreamResult> {
      ensureOpen();
      checkName(stream, 'stream');
      const from = readOptions.from ?? 1;
      checkPositiveInteger(from, 'from');
      const current = backend.streamVersion(stream);
      return {
        events: backend.readStream(stream, from).map(readableEvent),
        currentStreamVersion: current,
        streamExists: current > 0,
      };
    },

    readAll(readOptions: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
      return eventsOfPages(readPages(readOptions));
    },

    readPages,

    async head(atPosition?: number): Promise<Head> {
      ensureOpen();
      return headOf(backend, atPosition);
    },

    async positionAt(instant: string): Promise<Head> {
      ensureOpen();
      checkInstant(instant);
      const row = backend.lastRowAtOrBefore(instant);
      return row ? { position: row.position, hash: row.hash } : { position: 0, hash: GENESIS_HASH };
    },

    async verify(): Promise<VerifyResult> {
      ensureOpen();
      const check = new ChainCheck();
      for (const page of pagesOf(backend, 1, Number.MAX_SAFE_INTEGER, DEFAULT_READ_BATCH_SIZE)) {
        for (const row of page) check.take(row);
        // Let other work run between pages of a long verification.
        await new Promise((resolve) => setImmediate(resolve));
        ensureOpen();
      }
      return check.result();
    },
  };
}
