// The EventStore port, shaped like Emmett's. Every adapter (memory, sqlite, postgres, eventstoredb) passes
// the same contract suite in test/store/contract.ts.

export interface EventMetadata {
  actor: string;
  role: string;
  correlationId?: string;
  causationId?: string;
  requestId?: string;
}

/** An event about to be appended. `id` makes appends idempotent: the same id is stored once. */
export interface NewEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/** An event as stored: its place in its stream and in the global log, when, and its chained hash. */
export interface RecordedEvent extends NewEvent {
  stream: string;
  /** 1 for the first event of a stream. */
  streamVersion: number;
  /** 1 for the first event of the log; strictly increasing, no gaps. */
  position: number;
  /** ISO 8601 instant, from the store's injected clock. */
  recordedAt: string;
  /** sha256(previous hash ‖ canonical JSON of the event), hex. */
  hash: string;
}

/**
 * Expected version of a stream before the append: a number (the stream's current version,
 * 0 meaning "does not exist yet"), 'no_stream', 'stream_exists', or 'any' (no check).
 */
export type ExpectedStreamVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  expectedStreamVersion?: ExpectedStreamVersion;
}

/** One stream's append among several written together (appendMany). */
export interface StreamAppend {
  stream: string;
  events: NewEvent[];
  expectedStreamVersion: ExpectedStreamVersion;
}

export interface AppendResult {
  /** The stream's version after the append. */
  nextExpectedStreamVersion: number;
  /** Global position of the last event of the append. */
  lastPosition: number;
  /** True when every event id was already stored with the same content, so nothing was written. */
  alreadyStored: boolean;
}

export interface ReadStreamOptions {
  /** First stream version to read (inclusive), default 1. */
  from?: number;
}

export interface ReadStreamResult {
  events: RecordedEvent[];
  currentStreamVersion: number;
  streamExists: boolean;
}

export interface ReadAllOptions {
  /** First global position to read (inclusive), default 1. */
  from?: number;
  /** Last global position to read (inclusive), default the head. */
  to?: number;
  /** Events fetched per page; bounds memory. */
  batchSize?: number;
}

export interface Head {
  /** 0 for an empty log. */
  position: number;
  /** 64 zeros for an empty log. */
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  headHash: string;
  /** The first position whose stored content or hash does not match the chain. */
  firstBadPosition?: number;
}

export interface Subscription {
  /** Resolves once the subscriber has seen every event up to the head at the time of the call. */
  caughtUp: Promise<void>;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events after this position (exclusive), default 0 (everything). */
  after?: number;
  onEvent(event: RecordedEvent): void | Promise<void>;
  onError?(error: unknown): void;
}

export interface EventStore {
  readonly kind: string;
  appendToStream(stream: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * appendToStream of each append, in order, in ONE transaction: every one is written or none is
   * (the first refusal — a version conflict, an id stored with other content — is thrown). An
   * import's batch of contributions is one such call. Only where the engine has such a transaction
   * (the embedded stores, PostgreSQL); elsewhere (EventStoreDB) a caller appends them one at a time.
   */
  appendMany?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The same events as readAll, a page (at most batchSize) at a time: replays of millions of
   * events pay one await per page instead of one per event.
   */
  readPages(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;
  /** Head of the log, or the position and hash right after `atPosition` when given. */
  head(atPosition?: number): Promise<Head>;
  /**
   * The position and hash of the last event recorded at or before `instant` (an ISO 8601 instant as
   * toISOString writes it, the form every recordedAt has); position 0 and the genesis hash when
   * none was. An as-of date reads the ledger as of this position.
   */
  positionAt(instant: string): Promise<Head>;
  /** Catch up from `after`, then deliver live appends in global order. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Recompute the hash chain over the whole log. */
  verify(): Promise<VerifyResult>;
  /**
   * Append already-recorded events (log import): positions must continue the log, recordedAt and
   * metadata are kept, and each hash must match the chain. Refused into a log that does not end
   * where the import begins.
   */
  importRecorded(events: RecordedEvent[]): Promise<Head>;
  /**
   * importRecorded over every batch of `batches`, all in ONE transaction: if a batch is refused or
   * the iterable throws (the caller's own checks), nothing of any batch is written. Appends made
   * meanwhile wait until it ends. Only where the engine has such a transaction (the embedded stores, PostgreSQL);
   * EventStoreDB has none across streams, so there a caller checks the whole import first.
   */
  importAll?(batches: AsyncIterable<RecordedEvent[]>): Promise<Head>;
  close(): Promise<void>;
}

/** The expected version did not match (HTTP 409). */
export class VersionConflictError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedStreamVersion,
    readonly actual: number,
  ) {
    super(`version conflict on ${stream}: expected ${String(expected)}, found ${actual}`);
    this.name = 'VersionConflictError';
  }
}

/** An event id already stored with different content (HTTP 409). */
export class EventIdConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored with different content`);
    this.name = 'EventIdConflictError';
  }
}

/** A log import that does not continue the chain. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Upper bound on events in one append: a command never produces more. */
export const MAX_EVENTS_PER_APPEND = 1000;

/**
 * A stored event that cannot be read (its JSON is broken) or applied (the read model refuses it):
 * the log is damaged at that position. Every command reports it in these words and exits non-zero.
 */
export class DamagedEventError extends Error {
  constructor(
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(`l'événement à la position ${position} est illisible (${causeInOneLine(cause)}) ; lancez socle verify`);
    this.name = 'DamagedEventError';
  }
}

function causeInOneLine(cause: unknown): string {
  const text = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
