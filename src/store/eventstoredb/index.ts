// The EventStore port on EventStoreDB (KurrentDB) through @eventstore/db-client, for networks that
// outgrow one machine: several app instances on one EventStoreDB cluster. The rules are the
// embedded stores' (log-store.ts); how each maps onto EventStoreDB:
//
// - Streams are EventStoreDB streams (behind an optional name prefix). Our stream versions start at
//   1 with 0 meaning "no stream"; EventStoreDB revisions start at 0, so version = revision + 1 and
//   an expected version n is the expected revision n - 1, or NO_STREAM for 0. 'no_stream',
//   'stream_exists' and 'any' map to the client's constants. WrongExpectedVersionError becomes our
//   VersionConflictError, with its current revision turned back into a version.
// - Positions and hashes are computed over $all by the log index (log-index.ts); see there for
//   why and what it costs. Event bodies, recordedAt and our metadata live in EventStoreDB
//   (envelope.ts).
// - Idempotency by event id: EventStoreDB only recognises a resent event in the same stream and in
//   some cases (its recent-writes cache, or the same expected revision), and never compares
//   content, so we decide ourselves. Before each append the index catches up with $all (so it has
//   every id any process stored), and an id found there is read back and compared: same content
//   answers alreadyStored, other content is an EventIdConflictError. Appends of this process that
//   share an id run one after the other. The window left is two processes appending the same id
//   within one round trip of each other; the second copy then gets its own position, appends
//   still answer with the first, and verify() names the position of the second.
// - Appends are atomic per stream (one EventStoreDB write). An import spans streams, and
//   EventStoreDB has no transaction across streams: it checks the whole batch first, then writes
//   it stream run by stream run with exact expected revisions; if interrupted, what was written is
//   a prefix of the batch that continues the chain, and the next import starts after it.
import { BACKWARDS, END, EventStoreDBClient, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { chainHash, sameEventContent } from '../hash-chain.ts';
import { MAX_EVENTS_PER_IMPORT } from '../log-store.ts';
import { checkReadAllOptions, DEFAULT_READ_BATCH_SIZE, inPages, MAX_READ_BATCH_SIZE } from '../read-options.ts';
import {
  EventIdConflictError,
  ImportError,
  MAX_EVENTS_PER_APPEND,
  VersionConflictError,
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
} from '../port.ts';
import { checkInstant, checkPositiveInteger } from '../stored-row.ts';
import { checkEvents, checkExpectedShape, checkStreamName, expectedHolds, toExpectedRevision, versionOf, type CheckedEvent } from './checks.ts';
import { belongsToLog, decodeEvent, toEventData, type DecodedEvent } from './envelope.ts';
import { checkImport } from './import-check.ts';
import { LogIndex } from './log-index.ts';
import { comparePositions, items, scanAll } from './read-all.ts';
import { startEsdbSubscription } from './subscription.ts';

export interface EventStoreDbStoreOptions {
  /** e.g. esdb://localhost:2113?tls=false, or esdb://node1:2113,node2:2113,node3:2113 for a cluster (found by gossip). */
  connectionString: string;
  clock?: () => Date;
  /**
   * Keep this log's streams under a name prefix so that one EventStoreDB database can hold several
   * logs (the contract suite gives each store its own on a shared server). Default '': the whole
   * database is the log, and any event in it that Socle did not write is refused.
   */
  streamPrefix?: string;
}


export function createEventStoreDbStore(options: EventStoreDbStoreOptions): EventStore {
  const connectionString = options?.connectionString;
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    throw new Error(
      'the EventStoreDB store needs a connection string (EVENTSTORE_CONNECTION_STRING), e.g. esdb://localhost:2113?tls=false',
    );
  }
  const prefix = options.streamPrefix ?? '';
  if (prefix.startsWith('$')) throw new Error('the stream prefix must not start with $ (system streams)');
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    // The string itself may hold credentials: name the problem, not the string.
    throw new Error(`invalid EventStoreDB connection string: ${(error as Error).message}`);
  }
  return new EventStoreDbStore(client, prefix, options.clock ?? (() => new Date()));
}

class EventStoreDbStore implements EventStore {
  readonly kind = 'eventstoredb';
  readonly #index: LogIndex;
  readonly #subscriptions = new Set<Subscription>();
  /** Event ids of this process's appends in flight: an append sharing one waits for it. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  #closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
    private readonly clock: () => Date,
  ) {
    this.#index = new LogIndex(client, prefix);
  }

  async appendToStream(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.#ensureOpen();
    checkStreamName(stream);
    if (!Array.isArray(events)) throw new TypeError('events must be an array');
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new RangeError(`an append holds at most ${MAX_EVENTS_PER_APPEND} events, got ${events.length}`);
    }
    const expected = options.expectedStreamVersion ?? 'any';
    checkExpectedShape(expected);
    const normalized = checkEvents(events);
    const ids = new Set<string>();
    for (const event of normalized) {
      if (ids.has(event.id)) throw new TypeError(`event id ${event.id} appears twice in one append`);
      ids.add(event.id);
    }
    return this.#exclusively([...ids], () => this.#append(stream, normalized, expected));
  }

  async #append(stream: string, events: CheckedEvent[], expected: ExpectedStreamVersion): Promise<AppendResult> {
    const index = this.#index;
    await index.catchUp();
    const stored = events.map((event) => index.ordinalOfId(event.id));
    if (stored.some((ordinal) => ordinal !== undefined)) return this.#answerRetry(stream, events, stored);

    if (events.length === 0) {
      const current = await this.#currentVersion(stream);
      if (!expectedHolds(expected, current)) throw new VersionConflictError(stream, expected, current);
      return { nextExpectedStreamVersion: current, lastPosition: index.length, alreadyStored: false };
    }

    // Never earlier than the last event's, so recordedAt follows position for a single writer
    // (several writers each follow their own clock: keep them in sync).
    let recordedAt = this.clock().toISOString();
    if (index.lastRecordedAt > recordedAt) recordedAt = index.lastRecordedAt;
    let nextRevision: bigint;
    try {
      const result = await this.client.appendToStream(
        this.prefix + stream,
        events.map((event) => toEventData(this.prefix, { ...event, recordedAt })),
        { expectedRevision: toExpectedRevision(expected) },
      );
      nextRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new VersionConflictError(stream, expected, versionOf(error.actualVersion));
      }
      throw error;
    }
    // Our position is only known once the index has read the events in $all.
    await index.catchUp();
    const lastPosition = index.ordinalOfId(events[events.length - 1]!.id);
    if (lastPosition === undefined) throw new Error(`the events appended to ${stream} are not in $all`);
    return { nextExpectedStreamVersion: Number(nextRevision) + 1, lastPosition, alreadyStored: false };
  }

  /** A retry of an append that was stored already: answer as the first time, write nothing. */
  async #answerRetry(stream: string, events: CheckedEvent[], stored: (number | undefined)[]): Promise<AppendResult> {
    const ordinals = stored.filter((ordinal): ordinal is number => ordinal !== undefined);
    const storedEvents = await this.#readOrdinals(ordinals);
    for (const [i, ordinal] of stored.entries()) {
      const event = events[i]!;
      const row = ordinal === undefined ? undefined : storedEvents.get(ordinal);
      if (row === undefined || !sameEventContent(row, { stream, ...event })) {
        throw new EventIdConflictError(row === undefined ? storedEvents.get(ordinals[0]!)!.id : event.id);
      }
    }
    const rows = [...storedEvents.values()];
    return {
      nextExpectedStreamVersion: Math.max(...rows.map((row) => row.streamVersion)),
      lastPosition: Math.max(...rows.map((row) => row.position)),
      alreadyStored: true,
    };
  }

  /** The events at these positions, read back from EventStoreDB (one read per run of consecutive positions). */
  async #readOrdinals(ordinals: number[]): Promise<Map<number, RecordedEvent>> {
    const found = new Map<number, RecordedEvent>();
    const sorted = [...new Set(ordinals)].sort((a, b) => a - b);
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
      for await (const event of this.#readRange(sorted[i]!, sorted[j]!, Math.min(sorted[j]! - sorted[i]! + 1, MAX_READ_BATCH_SIZE))) {
        found.set(event.position, event);
      }
      i = j + 1;
    }
    return found;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.#ensureOpen();
    checkStreamName(stream);
    const from = options.from ?? 1;
    checkPositiveInteger(from, 'from');
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(this.prefix + stream, { fromRevision: BigInt(from - 1) });
      for await (const resolved of items(read)) {
        const event = resolved.event;
        if (!event) continue;
        const decoded = decodeEvent(this.prefix, event);
        events.push(this.#toRecorded(decoded, await this.#ordinalOf(decoded, event.position)));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { events: [], currentStreamVersion: 0, streamExists: false };
      throw error;
    }
    const current = events.length > 0 ? events[events.length - 1]!.streamVersion : await this.#currentVersion(stream);
    return { events, currentStreamVersion: current, streamExists: current > 0 };
  }

  /** The position of an event read from its stream: by its $all position, or by id on servers older than 22.6 that do not send it. */
  async #ordinalOf(event: DecodedEvent, position: { commit: bigint; prepare: bigint } | undefined): Promise<number> {
    const lookUp = () => (position && position.commit > 0n ? this.#index.ordinalAt(position) : this.#index.ordinalOfId(event.id));
    let ordinal = lookUp();
    if (ordinal === undefined) {
      await this.#index.catchUp();
      ordinal = lookUp();
    }
    if (ordinal === undefined) throw new Error(`event ${event.id} of ${event.stream} is not in $all`);
    return ordinal;
  }

  async #currentVersion(stream: string): Promise<number> {
    try {
      const read = this.client.readStream(this.prefix + stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      let current = 0;
      for await (const resolved of items(read)) if (resolved.event) current = Number(resolved.event.revision) + 1;
      return current;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 0;
      throw error;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { from, batchSize } = checkReadAllOptions(options);
    const store = this;
    return {
      async *[Symbol.asyncIterator]() {
        store.#ensureOpen();
        await store.#index.catchUp();
        // The head when reading starts: appends made meanwhile are for the next read.
        const to = Math.min(options.to ?? store.#index.length, store.#index.length);
        yield* store.#readRange(from, to, batchSize);
      },
    };
  }

  readPages(options: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    const { batchSize } = checkReadAllOptions(options);
    const events = this.readAll(options);
    return { [Symbol.asyncIterator]: () => inPages(events, batchSize) };
  }

  /** Events at positions from..to (all in the index), read from $all in pages of batchSize. */
  async *#readRange(from: number, to: number, batchSize: number): AsyncGenerator<RecordedEvent> {
    if (from > to) return;
    const index = this.#index;
    let ordinal = from;
    for await (const event of scanAll(this.client, index.positionOf(from - 1), batchSize)) {
      if (!belongsToLog(this.prefix, event)) continue;
      const expected = index.positionOf(ordinal)!;
      if (comparePositions(event.position, expected) !== 0) throw damaged(ordinal);
      yield this.#toRecorded(decodeEvent(this.prefix, event), ordinal);
      if (ordinal === to) return;
      ordinal += 1;
    }
    throw damaged(ordinal);
  }

  #toRecorded(event: DecodedEvent, position: number): RecordedEvent {
    return { ...event, position, hash: this.#index.hashAt(position) };
  }

  async head(atPosition?: number): Promise<Head> {
    this.#ensureOpen();
    if (atPosition !== undefined && (!Number.isSafeInteger(atPosition) || atPosition < 0)) {
      throw new RangeError('position must be a non-negative integer');
    }
    await this.#index.catchUp();
    const position = atPosition ?? this.#index.length;
    if (position > this.#index.length) {
      throw new RangeError(`position ${position} is beyond the head of the log (${this.#index.length})`);
    }
    return { position, hash: this.#index.hashAt(position) };
  }

  async positionAt(instant: string): Promise<Head> {
    this.#ensureOpen();
    checkInstant(instant);
    await this.#index.catchUp();
    const position = this.#index.lastAtOrBefore(instant);
    return { position, hash: this.#index.hashAt(position) };
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.#ensureOpen();
    const subscription = startEsdbSubscription(options, {
      client: this.client,
      index: this.#index,
      prefix: this.prefix,
      toRecorded: (event, position) => this.#toRecorded(event, position),
    });
    this.#subscriptions.add(subscription);
    return {
      caughtUp: subscription.caughtUp,
      close: async () => {
        this.#subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  /**
   * Read $all again from the start and recompute every hash from the events as EventStoreDB
   * serves them now, against the chain the index computed when it first read them. EventStoreDB
   * cannot store our hashes, so this detects what changed since this process read the log
   * (a scavenge after a stream deletion, truncation or $maxAge, files altered on disk) and a
   * duplicated id; over longer spans the witnesses are the head hashes printed on every export,
   * which head(position) must reproduce.
   */
  async verify(): Promise<VerifyResult> {
    this.#ensureOpen();
    const index = this.#index;
    await index.catchUp();
    const to = index.length;
    const ids = new Set<string>();
    let events = 0;
    let firstBadPosition: number | undefined;
    for await (const event of scanAll(this.client, undefined, DEFAULT_READ_BATCH_SIZE)) {
      if (!belongsToLog(this.prefix, event)) continue;
      if (events === to) break;
      events += 1;
      if (firstBadPosition !== undefined) continue;
      let good = comparePositions(event.position, index.positionOf(events)!) === 0;
      if (good) {
        try {
          const decoded = decodeEvent(this.prefix, event);
          good = !ids.has(decoded.id) && chainHash(index.hashAt(events - 1), { ...decoded, position: events }) === index.hashAt(events);
          ids.add(decoded.id);
        } catch {
          good = false;
        }
      }
      if (!good) firstBadPosition = events;
    }
    // Events the index has but $all no longer serves.
    if (events < to) firstBadPosition ??= events + 1;
    const headHash = index.hashAt(events);
    return firstBadPosition === undefined ? { ok: true, events, headHash } : { ok: false, events, headHash, firstBadPosition };
  }

  async importRecorded(events: RecordedEvent[]): Promise<Head> {
    this.#ensureOpen();
    if (!Array.isArray(events)) throw new ImportError('the import must be an array of events');
    if (events.length > MAX_EVENTS_PER_IMPORT) {
      throw new ImportError(`an import call holds at most ${MAX_EVENTS_PER_IMPORT} events, got ${events.length}`);
    }
    const index = this.#index;
    await index.catchUp();
    const checked = await checkImport(events, index, (stream) => this.#currentVersion(stream));
    // Write consecutive events of one stream in one append, each run expecting the exact revision
    // the check found, so a concurrent writer makes the import fail rather than interleave.
    let i = 0;
    while (i < checked.length) {
      let j = i;
      while (j + 1 < checked.length && checked[j + 1]!.stream === checked[i]!.stream) j += 1;
      const run = checked.slice(i, j + 1);
      const firstVersion = run[0]!.streamVersion;
      try {
        await this.client.appendToStream(
          this.prefix + run[0]!.stream,
          run.map((event) => toEventData(this.prefix, event)),
          { expectedRevision: firstVersion === 1 ? NO_STREAM : BigInt(firstVersion - 2) },
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          throw new ImportError(`another writer appended to ${run[0]!.stream} during the import (at position ${run[0]!.position})`);
        }
        throw error;
      }
      i = j + 1;
    }
    await index.catchUp();
    const last = checked[checked.length - 1];
    const expectedHead = last ? { position: last.position, hash: last.hash } : undefined;
    const head = { position: index.length, hash: index.hashAt(index.length) };
    if (expectedHead && (head.position !== expectedHead.position || head.hash !== expectedHead.hash)) {
      throw new ImportError(`the log changed during the import: head ${head.position} instead of ${expectedHead.position}`);
    }
    return head;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    this.#subscriptions.clear();
    await this.client.dispose();
  }

  #ensureOpen(): void {
    if (this.#closed) throw new Error('the eventstoredb event store is closed');
  }

  /** Run `work` once no other append of this process holds one of these ids. */
  async #exclusively<T>(ids: string[], work: () => Promise<T>): Promise<T> {
    for (;;) {
      const busy = ids.map((id) => this.#inFlight.get(id)).filter((p) => p !== undefined);
      if (busy.length === 0) break;
      await Promise.allSettled(busy);
    }
    const done = work();
    const settled = done.catch(() => {});
    for (const id of ids) this.#inFlight.set(id, settled);
    try {
      return await done;
    } finally {
      for (const id of ids) if (this.#inFlight.get(id) === settled) this.#inFlight.delete(id);
    }
  }
}

function damaged(position: number): Error {
  return new Error(`$all no longer matches the log index at position ${position}: the EventStoreDB log changed (run verify)`);
}
