// The embedded event stores, written once over a small synchronous backend (an array in memory, or
// a SQLite file), so that both adapters share exactly the same semantics (the rules of an append
// and an import are log-plan.ts, which the PostgreSQL store shares too): optimistic
// concurrency, idempotency by event id, gap-free global positions, the hash chain, catch-up
// subscriptions, verification and log import. Each append or import checks everything before
// writing, inside a transaction of its own or a savepoint, so nothing of it is written on any error.
//
// Group commit: a durable commit costs one fsync, which on SQLite takes longer than everything else
// an append does and blocks the event loop. So appends and imports are queued, and the queue is
// written at the next turn of the event loop (setImmediate, never a timer: a lone append waits for
// nothing but the current turn) or as soon as it reaches MAX_GROUP_APPENDS or MAX_GROUP_EVENTS, in
// ONE backend transaction, each operation in its own nested transaction (a savepoint on SQLite)
// so that its failure rolls back only itself (an operation alone in its group needs none).
// Operations run in arrival order, so positions follow the order of the calls; every caller is
// answered only after the one commit, so nothing is acknowledged before it is durable. The previous
// hash, the versions and the stored ids are still read inside the transaction, as before, for
// writers in other processes.
import { GENESIS_HASH } from './hash-chain.ts';
import { ChainCheck, checkAppendArguments, checkDistinctIds, planAppend, planImport, readableEvent } from './log-plan.ts';
import {
  ImportError,
  MAX_EVENTS_PER_APPEND,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedStreamVersion,
  type Head,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyResult,
} from './port.ts';
import { checkInstant, checkName, checkPositiveInteger, normalizeEvents, type NormalizedEvent, type StoredRow } from './stored-row.ts';
import { checkReadAllOptions, DEFAULT_READ_BATCH_SIZE, eventsOfPages } from './read-options.ts';
import { startSubscription } from './subscription.ts';

/** Upper bound on events in one importRecorded call (the CLI imports in batches of 1000). */
export const MAX_EVENTS_PER_IMPORT = 10_000;
export { MAX_READ_BATCH_SIZE } from './read-options.ts';

/** Upper bounds on one group commit: a queue this long is written without waiting for the next turn. */
export const MAX_GROUP_APPENDS = 1000;
export const MAX_GROUP_EVENTS = 10_000;

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
  const clock = options.clock ?? (() => new Date());
  const listeners = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new Error(`the ${kind} event store is closed`);
  };
  const notify = () => {
    for (const listener of listeners) listener();
  };

  interface Pending {
    /** The operation's writes; runs inside the group's transaction, in a nested one of its own. */
    run: () => unknown;
    events: number;
    resolve: (value: never) => void;
    reject: (error: unknown) => void;
  }
  let queue: Pending[] = [];
  let queuedEvents = 0;
  let scheduled: NodeJS.Immediate | undefined;
  /** An importAll holds the one transaction: the queue waits for it to end. */
  let importing = false;

  function enqueue<T>(run: () => T, events: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ run, events, resolve: resolve as (value: never) => void, reject });
      queuedEvents += events;
      if (!importing && (queue.length >= MAX_GROUP_APPENDS || queuedEvents >= MAX_GROUP_EVENTS)) flush();
      else scheduled ??= setImmediate(flush);
    });
  }

  /** Write the queue in one transaction, then answer every caller (see the note at the top). */
  function flush(): void {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    // Written once the import ends (it schedules the flush): inside its transaction, they would be
    // rolled back with it.
    if (importing) return;
    const group = queue;
    queue = [];
    queuedEvents = 0;
    if (group.length === 0) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      if (group.length === 1) {
        // Alone in its group (one writer in a loop), the operation is the whole transaction: no
        // savepoint to open and release, and its failure rolls back a transaction that held nothing else.
        try {
          outcomes.push({ ok: true, value: backend.transaction(group[0]!.run) });
        } catch (error) {
          outcomes.push({ ok: false, value: error });
        }
      } else {
        backend.transaction(() => {
          for (const pending of group) {
            try {
              outcomes.push({ ok: true, value: backend.transaction(pending.run) });
            } catch (error) {
              // The engine rolled the whole transaction back (not just the savepoint): nothing of
              // the group stands, so fail it all rather than write the rest outside a transaction.
              if (backend.inTransaction?.() === false) throw error;
              outcomes.push({ ok: false, value: error });
            }
          }
        });
      }
    } catch (error) {
      // The transaction could not begin or commit (lock timeout, disk error): nothing was written.
      for (const pending of group) pending.reject(error);
      return;
    }
    let wrote = false;
    for (const [i, pending] of group.entries()) {
      const outcome = outcomes[i]!;
      if (!outcome.ok) {
        pending.reject(outcome.value);
        continue;
      }
      pending.resolve(outcome.value as never);
      if (pending.events > 0 && !(outcome.value as { alreadyStored?: boolean }).alreadyStored) wrote = true;
    }
    if (wrote) notify();
  }

  function appendRows(stream: string, normalized: NormalizedEvent[], expected: ExpectedStreamVersion): AppendResult {
    const { result, rows } = planAppend(stream, normalized, expected, {
      storedWithIds: () => (normalized.length === 1 ? [backend.findById(normalized[0]!.id)].filter((row) => row !== undefined) : backend.findByIds(normalized.map((event) => event.id))),
      streamVersion: () => backend.streamVersion(stream),
      lastRow: () => backend.lastRow(),
      now: () => clock().toISOString(),
    });
    if (rows.length > 0) backend.insert(rows);
    return result;
  }

  function importRows(events: RecordedEvent[]): Head {
    const { head, rows } = planImport(events, {
      lastRow: () => backend.lastRow(),
      isStored: (id) => backend.findById(id) !== undefined,
      streamVersion: (stream) => backend.streamVersion(stream),
    });
    backend.insert(rows);
    return head;
  }

  function headAt(atPosition?: number): Head {
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

  function readPages(readOptions: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    const { from, batchSize } = checkReadAllOptions(readOptions);
    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        // The head when reading starts: appends made meanwhile are for the next read.
        const to = readOptions.to ?? backend.lastRow()?.position ?? 0;
        for (const page of pages(from, to, batchSize)) yield page.map(readableEvent);
      },
    };
  }

  function* pages(fromPosition: number, toPosition: number, batchSize: number): Generator<StoredRow[]> {
    let after = fromPosition - 1;
    while (after < toPosition) {
      const page = backend.readAfter(after, toPosition, batchSize);
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1]!.position;
    }
  }

  return {
    kind,

    async appendToStream(stream: string, events: NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      ensureOpen();
      checkName(stream, 'stream');
      const expected = appendOptions.expectedStreamVersion ?? 'any';
      checkAppendArguments(events, expected, MAX_EVENTS_PER_APPEND);
      // Checked and serialized now, so a caller's error is its own and later changes to its
      // objects do not reach the log.
      const normalized = normalizeEvents(events);
      checkDistinctIds(normalized);
      return enqueue(() => appendRows(stream, normalized, expected), normalized.length);
    },

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
      return headAt(atPosition);
    },

    async positionAt(instant: string): Promise<Head> {
      ensureOpen();
      checkInstant(instant);
      const row = backend.lastRowAtOrBefore(instant);
      return row ? { position: row.position, hash: row.hash } : { position: 0, hash: GENESIS_HASH };
    },

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
      subscriptions.add(subscription);
      return {
        caughtUp: subscription.caughtUp,
        async close() {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },

    async verify(): Promise<VerifyResult> {
      ensureOpen();
      const check = new ChainCheck();
      for (const page of pages(1, Number.MAX_SAFE_INTEGER, DEFAULT_READ_BATCH_SIZE)) {
        for (const row of page) check.take(row);
        // Let other work run between pages of a long verification.
        await new Promise((resolve) => setImmediate(resolve));
        ensureOpen();
      }
      return check.result();
    },

    async importRecorded(events: RecordedEvent[]): Promise<Head> {
      ensureOpen();
      if (!Array.isArray(events)) throw new ImportError('the import must be an array of events');
      if (events.length > MAX_EVENTS_PER_IMPORT) {
        throw new ImportError(`an import call holds at most ${MAX_EVENTS_PER_IMPORT} events, got ${events.length}`);
      }
      return enqueue(() => importRows(events), events.length);
    },

    async importAll(batches: AsyncIterable<RecordedEvent[]>): Promise<Head> {
      ensureOpen();
      if (importing) throw new ImportError('an import is already running on this store');
      flush();
      importing = true;
      backend.begin();
      let head = headAt();
      let wrote = false;
      try {
        for await (const events of batches) {
          ensureOpen();
          if (!Array.isArray(events) || events.length > MAX_EVENTS_PER_IMPORT) {
            throw new ImportError(`an import batch holds at most ${MAX_EVENTS_PER_IMPORT} events`);
          }
          head = importRows(events);
          wrote ||= events.length > 0;
        }
        backend.commit();
      } catch (error) {
        if (backend.inTransaction?.() !== false) backend.rollback();
        throw error;
      } finally {
        importing = false;
        if (queue.length > 0) scheduled ??= setImmediate(flush);
      }
      if (wrote) notify();
      return head;
    },

    async close() {
      if (closed) return;
      // Appends already called are written and answered before the store closes.
      flush();
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      subscriptions.clear();
      listeners.clear();
      closed = true;
      backend.close();
    },
  };
}
