// The one command handler: read a stream, fold it with its decider, decide, append with the version
// read as the expected one; on a version conflict (someone wrote the stream meanwhile), read again and
// decide again, up to `retries` times. The API, the command line and the demo all write through it
// (commands.ts gives it the stream and the context of each command).
import type { Decider } from '../domain/decider.ts';
import type { DomainEvent } from '../domain/events.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import type { Actor } from '../domain/actor.ts';
import { EventIdConflictError, VersionConflictError, type EventStore, type StreamAppend } from '../store/port.ts';
import { toNewEvents } from './to-new-events.ts';

/** A stream as the handler read it: its state and the version that state reached. */
export interface LoadedStream<State> {
  state: State;
  version: number;
  exists: boolean;
}

export interface HandleOptions<State, Context> {
  actor: Actor;
  /** What the decision needs beyond the stream, read afresh on each attempt. */
  context: () => Context | Promise<Context>;
  /** The version the caller last saw: a stream at another version is a conflict, never retried. */
  expectedVersion?: number;
  /** Attempts after a version conflict met on append (default 1: no retry). */
  attempts?: number;
  /** How to read the stream (default: all of it, folded from the initial state). */
  load?: () => Promise<LoadedStream<State>>;
  /**
   * Fold the decided events into the returned state (default). False when `load` hands out a state
   * that evolve mutates in place (the programme set-up the handler keeps): it reads them back instead.
   */
  stateAfter?: boolean;
  /** Checks made on what was read, before the expected version and the decision (authorisation, limits). */
  check?: (loaded: LoadedStream<State>, context: Context) => void;
}

export interface Handled<State, Event> {
  state: State;
  /** The stream's version after the command (unchanged when nothing was decided). */
  version: number;
  /** Global position of the last event written, or null when nothing was written. */
  position: number | null;
  events: Event[];
}

/** A stream read whole and folded with the decider. */
export async function loadStream<C, E, S, X>(store: EventStore, decider: Decider<C, E, S, X>, stream: string): Promise<LoadedStream<S>> {
  const read = await store.readStream(stream);
  let state = decider.initialState();
  for (const e of read.events) state = decider.evolve(state, toDomainEvent(e.type, e.schemaVersion, e.data) as E);
  return { state, version: read.currentStreamVersion, exists: read.streamExists };
}

export async function handle<C, E extends DomainEvent, S, X>(
  store: EventStore,
  decider: Decider<C, E, S, X>,
  stream: string,
  command: C,
  options: HandleOptions<S, X>,
): Promise<Handled<S, E>> {
  const attempts = options.attempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    const { loaded, state, events } = await decideLoaded(store, decider, stream, command, options);
    if (events.length === 0) return { state, version: loaded.version, position: null, events };
    try {
      const result = await store.appendToStream(stream, toNewEvents(events, options.actor), { expectedStreamVersion: loaded.version });
      return { state, version: result.nextExpectedStreamVersion, position: result.lastPosition, events };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= attempts) throw error;
    }
  }
}

/** One attempt's read, checks and decision: what handle() and handleBatch() both do before appending. */
async function decideLoaded<C, E extends DomainEvent, S, X>(store: EventStore, decider: Decider<C, E, S, X>, stream: string, command: C, options: HandleOptions<S, X>) {
  const loaded = options.load ? await options.load() : await loadStream(store, decider, stream);
  const context = await options.context();
  options.check?.(loaded, context);
  if (options.expectedVersion !== undefined && loaded.exists && options.expectedVersion !== loaded.version)
    throw new VersionConflictError(stream, options.expectedVersion, loaded.version);
  const events = decider.decide(command, loaded.state, context);
  let state = loaded.state;
  if (options.stateAfter !== false) for (const event of events) state = decider.evolve(state, event);
  return { loaded, state, events };
}

/** One command of a batch: its stream and how handle() would run it. */
export interface BatchCommand<C, S, X> {
  stream: string;
  command: C;
  options: HandleOptions<S, X>;
}

/** What became of one command of a batch: events written (or, in a dry run, that would be), none, or its refusal. */
export type BatchResult<E> = { outcome: 'written'; events: E[] } | { outcome: 'unchanged' } | { outcome: 'refused'; error: unknown };

/**
 * handle() for a batch of commands on distinct streams (an import's rows): each read, checked and
 * decided as handle() does, then every decided append written by ONE store call (appendMany), so a
 * batch is one transaction, written whole or not at all. A command's refusal is its result, never
 * the batch's. If the one append meets a concurrent write (a version conflict, an id stored
 * meanwhile), nothing of it was written, and each command is run again through handle() on its
 * own, with its retries. A store without appendMany gets handle() per command. `dryRun` decides
 * and writes nothing.
 */
export async function handleBatch<C, E extends DomainEvent, S, X>(
  store: EventStore,
  decider: Decider<C, E, S, X>,
  batch: readonly BatchCommand<C, S, X>[],
  dryRun: boolean,
): Promise<BatchResult<E>[]> {
  const oneByOne = () => Promise.all(batch.map((item) => handleOne(store, decider, item)));
  if (!dryRun && store.appendMany === undefined) return oneByOne();
  const results: BatchResult<E>[] = [];
  const appends: StreamAppend[] = [];
  for (const item of batch) {
    try {
      const { loaded, events } = await decideLoaded(store, decider, item.stream, item.command, item.options);
      if (events.length === 0) results.push({ outcome: 'unchanged' });
      else {
        if (!dryRun) appends.push({ stream: item.stream, events: toNewEvents(events, item.options.actor), expectedStreamVersion: loaded.version });
        results.push({ outcome: 'written', events });
      }
    } catch (error) {
      results.push({ outcome: 'refused', error });
    }
  }
  if (dryRun || appends.length === 0) return results;
  try {
    await store.appendMany!(appends);
  } catch (error) {
    if (!(error instanceof VersionConflictError || error instanceof EventIdConflictError)) throw error;
    return oneByOne();
  }
  return results;
}

async function handleOne<C, E extends DomainEvent, S, X>(store: EventStore, decider: Decider<C, E, S, X>, item: BatchCommand<C, S, X>): Promise<BatchResult<E>> {
  try {
    const handled = await handle(store, decider, item.stream, item.command, item.options);
    return handled.position === null ? { outcome: 'unchanged' } : { outcome: 'written', events: handled.events };
  } catch (error) {
    return { outcome: 'refused', error };
  }
}
