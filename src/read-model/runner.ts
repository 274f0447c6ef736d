// Feeds the global log to projections: from the start, from a checkpoint, or up to an as-of point;
// or live, following the store's subscription.
import { isCurrentVersion, toDomainEvent } from '../domain/upcast.ts';
import { GENESIS_HASH } from '../store/hash-chain.ts';
import { isCheckpointEvent } from '../store/checkpoints.ts';
import { DamagedEventError, type EventStore, type RecordedEvent, type Subscription } from '../store/port.ts';
import type { ProjectedEvent, Projection } from './projection.ts';
import type { RetainedVersions } from './retained-versions.ts';

export interface Checkpoint<S> {
  state: S;
  /** Last position folded into state (0: none). */
  position: number;
  hash: string;
}

export function toProjected(event: RecordedEvent): ProjectedEvent {
  // A literal of fixed shape, not a spread: replay builds one per event, and a spread copy is
  // several times slower and leaves V8 a less regular object to work with. Events stored at the
  // current schema version (nearly all) skip the upcasting step and its intermediate object.
  const data = isCurrentVersion(event.type, event.schemaVersion) ? event.data : toDomainEvent(event.type, event.schemaVersion, event.data).data;
  return {
    type: event.type,
    data,
    id: event.id,
    position: event.position,
    hash: event.hash,
    stream: event.stream,
    streamVersion: event.streamVersion,
    recordedAt: event.recordedAt,
    metadata: event.metadata,
  } as ProjectedEvent;
}

/**
 * One event folded in. Signed checkpoints (the log's own events, see src/store/checkpoints.ts) are
 * not the domain's: the position moves on, the state does not. An event the projection cannot take
 * names its position, so that every command can say where the log is damaged.
 */
function fold<S>(evolve: Projection<S>['evolve'], state: S, event: RecordedEvent): S {
  if (isCheckpointEvent(event)) return state;
  try {
    return evolve(state, toProjected(event));
  } catch (error) {
    throw new DamagedEventError(event.position, error);
  }
}

export interface ReplayOptions<S> {
  /** Start from this checkpoint instead of the projection's initial state. */
  from?: Checkpoint<S>;
  /** Stop after this global position (inclusive): the state "as of" then. */
  to?: number;
  /** Stop at the last event recorded at or before this instant (ISO 8601). */
  toRecordedAt?: string;
  onProgress?(position: number): void;
  /** Versions to keep on the way (each kept one is published: the replay goes on in a thawed draft). */
  retain?: RetainedVersions<S>;
}

/** A replay gives the event loop a turn once it has worked this long (ms): see replay. */
const SLICE_MS = 4;
/** Events folded between two looks at the clock. */
const CLOCK_EVERY = 64;

/** How often (in events) a replay reports its progress. */
const PROGRESS_EVERY = 10_000;

/** Replay the log through one projection. Same log in, same state out, bit for bit. */
export async function replay<S>(store: EventStore, projection: Projection<S>, options: ReplayOptions<S> = {}): Promise<Checkpoint<S>> {
  // A checkpoint to start from may be a version someone reads: fold into a draft of it.
  let state = options.from ? projection.thaw(options.from.state) : projection.initialState();
  let position = options.from?.position ?? 0;
  let hash = options.from?.hash ?? GENESIS_HASH;
  if (options.to !== undefined && options.to <= position) return { state, position, hash };
  const readOptions = options.to === undefined ? { from: position + 1 } : { from: position + 1, to: options.to };
  const evolve = projection.evolve;
  let nextProgress = position - (position % PROGRESS_EVERY) + PROGRESS_EVERY;
  // A page's await resolves as a microtask: without turns of the event loop, a long replay (an
  // as-of read) would hold every other request, /api/health included, until it ends. A turn every
  // SLICE_MS of work, not every page, bounds what a request waits behind a replay by time.
  let sliceStarted = performance.now();
  let sinceClock = 0;
  reading: for await (const page of store.readPages(readOptions)) {
    for (const event of page) {
      if (options.toRecordedAt !== undefined && event.recordedAt > options.toRecordedAt) break reading;
      state = fold(evolve, state, event);
      position = event.position;
      hash = event.hash;
      if (options.retain?.wants(position)) {
        options.retain.keep({ state, position, hash });
        state = projection.thaw(state);
      }
      if (++sinceClock === CLOCK_EVERY) {
        sinceClock = 0;
        if (performance.now() - sliceStarted >= SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
      }
    }
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    if (options.onProgress && position >= nextProgress) {
      options.onProgress(position);
      nextProgress = position - (position % PROGRESS_EVERY) + PROGRESS_EVERY;
    }
  }
  return { state, position, hash };
}

export interface LiveOptions<S> {
  /** Called with each version as it is first handed to a reader (tests deep-freeze it, so any write into it throws). */
  onPublish?(version: Readonly<Checkpoint<S>>): void;
  /** Versions kept at intervals, for reads as of earlier positions. */
  retain?: RetainedVersions<S>;
}

/**
 * A projection kept current as events are appended: catches up from its checkpoint, then follows
 * the store. Readers take `current`, an immutable version whose state, position and hash belong
 * together, and may wait for a position they just wrote. Handing a version out publishes it: the
 * next event is folded into a thawed draft, never into what a reader holds.
 */
export class LiveProjection<S> {
  private checkpoint: Checkpoint<S>;
  /** Whether `checkpoint` has been handed to a reader since it was made. */
  private published = false;
  private subscription?: Subscription;
  private waiters: { position: number; resolve(): void }[] = [];
  private failure: unknown;

  constructor(
    private readonly store: EventStore,
    readonly projection: Projection<S>,
    from?: Checkpoint<S>,
    private readonly options: LiveOptions<S> = {},
  ) {
    this.checkpoint = from ?? { state: projection.initialState(), position: 0, hash: GENESIS_HASH };
  }

  /** The version now. It never changes after this call, whatever is appended later. */
  get current(): Readonly<Checkpoint<S>> {
    if (this.failure) throw this.failure;
    if (!this.published) {
      this.published = true;
      this.options.onPublish?.(this.checkpoint);
    }
    return this.checkpoint;
  }

  /** Starts following the store; resolves once caught up with the head. */
  async start(): Promise<void> {
    // Catch up page by page first, far cheaper per event than the subscription's one delivery at a
    // time (a start on a million events), then follow the store from there.
    const retain = this.options.retain;
    if (retain && this.checkpoint.position > 0) this.publishInto(retain);
    this.checkpoint = await replay(this.store, this.projection, { from: this.checkpoint, ...(retain && { retain }) });
    this.subscription = this.store.subscribe({
      after: this.checkpoint.position,
      onEvent: (event) => this.apply(event),
      onError: (error) => {
        this.failure = error;
        for (const w of this.waiters.splice(0)) w.resolve();
      },
    });
    await this.subscription.caughtUp;
  }

  private apply(event: RecordedEvent): void {
    let draft = this.checkpoint.state;
    if (this.published) {
      draft = this.projection.thaw(draft);
      this.published = false;
    }
    const state = fold(this.projection.evolve, draft, event);
    this.checkpoint = { state, position: event.position, hash: event.hash };
    if (this.options.retain?.wants(event.position)) this.publishInto(this.options.retain);
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((w) => w.position <= event.position);
      this.waiters = this.waiters.filter((w) => w.position > event.position);
      for (const w of ready) w.resolve();
    }
  }

  /** Keeps the current version (a start from a snapshot, or one due on the grid): it is published from now on. */
  private publishInto(retain: RetainedVersions<S>): void {
    retain.keep(this.current);
  }

  /** The latest kept version at or before `position`, to replay an as-of read from. */
  nearestKept(position: number): Readonly<Checkpoint<S>> | undefined {
    return this.options.retain?.nearest(position);
  }

  /** Resolves once the projection has folded `position` (read-your-writes after an append). */
  waitFor(position: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.checkpoint.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
  }
}

/**
 * Folds the events after `from` up to `to`, one at a time, calling `before` with the state just
 * before each event and `after` with the state just after it (the ledger diff reads what each
 * event changed). The states are one draft evolved in place: read them in the call, keep nothing.
 */
export async function replayVisiting<S>(
  store: EventStore,
  projection: Projection<S>,
  from: Checkpoint<S>,
  to: number,
  visit: { before(state: S, event: RecordedEvent): void; after(state: S, event: RecordedEvent): void },
): Promise<Checkpoint<S>> {
  let state = projection.thaw(from.state);
  let position = from.position;
  let hash = from.hash;
  if (to <= position) return { state, position, hash };
  for await (const page of store.readPages({ from: position + 1, to })) {
    for (const event of page) {
      visit.before(state, event);
      state = fold(projection.evolve, state, event);
      visit.after(state, event);
      position = event.position;
      hash = event.hash;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { state, position, hash };
}
