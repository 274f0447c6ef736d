// The port's subscribe() on EventStoreDB: a catch-up subscription to $all (EventStoreDB's own,
// filtered on the server to this log's streams) from the $all position of the subscriber's
// checkpoint. Each event gets its position and hash from the log index (catching the index up
// when the event is newer than it), and onEvent is awaited before the next one, so calls are
// sequential, in log order, never duplicated and never skipped.
//
// A dropped connection (server restart, leader election, network cut) is not the subscriber's
// problem: the loop subscribes again from the $all position of the last event it handled, after a
// pause that doubles from 100 ms up to 5 s, for as long as the subscription is open. Only errors
// that retrying cannot mend reach onError (a failing onEvent, access denied, a foreign event).
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CancelledError,
  DeadlineExceededError,
  excludeSystemEvents,
  NotLeaderError,
  START,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../port.ts';
import { caughtUpSignal, type CaughtUp } from '../subscription.ts';
import { belongsToLog, decodeEvent, type DecodedEvent } from './envelope.ts';
import type { LogIndex } from './log-index.ts';

const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 5000;

export interface SubscriptionDeps {
  client: EventStoreDBClient;
  index: LogIndex;
  prefix: string;
  toRecorded(event: DecodedEvent, position: number): RecordedEvent;
}

/** Wraps an error thrown by onEvent, so that it is never mistaken for a dropped connection. */
class DeliveryError {
  constructor(readonly cause: unknown) {}
}

// Lets close() know it is being called from inside onEvent, where awaiting the loop would wait for
// itself.
const delivering = new AsyncLocalStorage<object>();

/** Errors after which subscribing again can work: the connection, not the request, failed. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError
  );
}

/** What the loop, stop() and close() share. */
interface LoopState {
  /** The log position of the last event delivered. */
  last: number;
  closed: boolean;
  current: AllStreamSubscription | undefined;
  wakeSleeper: (() => void) | undefined;
  /** caughtUp means: everything up to the head as it was when subscribing has been delivered. */
  target: number | undefined;
  /** The $all position to subscribe again from, after a drop. */
  resumeAfter: Position | undefined;
  delayMs: number;
}

interface Follow {
  options: SubscribeOptions;
  deps: SubscriptionDeps;
  state: LoopState;
  caughtUp: CaughtUp;
  token: object;
}

export function startEsdbSubscription(options: SubscribeOptions, deps: SubscriptionDeps): Subscription {
  const after = options.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('after must be a non-negative integer');
  const token = {};
  const state: LoopState = { last: after, closed: false, current: undefined, wakeSleeper: undefined, target: undefined, resumeAfter: undefined, delayMs: FIRST_RETRY_DELAY_MS };
  const caughtUp = caughtUpSignal();

  const stop = () => {
    state.closed = true;
    const subscription = state.current;
    state.current = undefined;
    // Cancel the gRPC call and end the stream so that the loop's for-await returns.
    if (subscription) void subscription.unsubscribe().finally(() => subscription.destroy());
    state.wakeSleeper?.();
  };

  const loop = followAll({ options, deps, state, caughtUp, token }).catch((error: unknown) => {
    stop();
    const hadWaiter = caughtUp.pending;
    caughtUp.settle(error);
    if (options.onError) options.onError(error);
    else if (!hadWaiter) process.emitWarning(`subscription stopped: ${String(error)}`);
  });

  return {
    caughtUp: caughtUp.promise,
    async close() {
      if (!state.closed) {
        stop();
        caughtUp.settle(new Error('subscription closed before catching up'));
      }
      if (delivering.getStore() === token) return;
      await loop;
    },
  };
}

/** A pause of `ms` that stop() cuts short. */
function pause(state: LoopState, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    state.wakeSleeper = () => {
      clearTimeout(timer);
      resolve();
    };
  }).finally(() => (state.wakeSleeper = undefined));
}

/** Subscribe to $all, and again after each drop, until closed or an error retrying cannot mend. */
async function followAll(follow: Follow): Promise<void> {
  const { state } = follow;
  // Never deliver before subscribe() has returned.
  await Promise.resolve();
  while (!state.closed) {
    try {
      if (await followOnce(follow)) return;
    } catch (error) {
      if (state.closed) return;
      if (error instanceof DeliveryError) throw error.cause;
      if (!isTransient(error)) throw error;
    } finally {
      const subscription = state.current;
      state.current = undefined;
      if (subscription) await subscription.unsubscribe().catch(() => {});
    }
    await pause(state, state.delayMs);
    state.delayMs = Math.min(state.delayMs * 2, MAX_RETRY_DELAY_MS);
  }
}

/** One subscription to $all, read until it ends; true when the subscription was closed meanwhile. */
async function followOnce(follow: Follow): Promise<boolean> {
  const { deps, state } = follow;
  // Server-side filter: only this log's streams come over the wire (belongsToLog stays, as a
  // guard against a server that ignores filters).
  const filter = deps.prefix ? streamNameFilter({ prefixes: [deps.prefix] }) : excludeSystemEvents();
  if (state.target === undefined) {
    await deps.index.catchUp();
    state.target = deps.index.length;
    if (state.last >= state.target) follow.caughtUp.settle();
    state.resumeAfter = deps.index.positionOf(Math.min(state.last, deps.index.length));
  }
  const subscription = deps.client.subscribeToAll({ fromPosition: state.resumeAfter ?? START, filter });
  state.current = subscription;
  for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
    if (state.closed) break;
    const event = resolved.event;
    if (!event) continue;
    if (belongsToLog(deps.prefix, event) && (await deliver(follow, event))) return true;
    state.resumeAfter = event.position;
    state.delayMs = FIRST_RETRY_DELAY_MS;
  }
  // The subscription ended without an error (a server shutting down may end it so): it is
  // a drop too.
  return state.closed;
}

type LogEvent = NonNullable<AllStreamResolvedEvent['event']>;

/** Deliver one of the log's events unless already delivered; true when the subscription was closed meanwhile. */
async function deliver(follow: Follow, event: LogEvent): Promise<boolean> {
  const { deps, state } = follow;
  let ordinal = deps.index.ordinalAt(event.position);
  if (ordinal === undefined) {
    // Newer than the index (appended since it last read $all): read on.
    await deps.index.catchUp();
    ordinal = deps.index.ordinalAt(event.position);
    if (ordinal === undefined) throw new Error(`event ${event.id} at $all ${event.position.commit} is missing from the log index`);
  }
  if (ordinal <= state.last) return false;
  if (ordinal !== state.last + 1) throw new Error(`the subscription skipped from position ${state.last} to ${ordinal}`);
  const recorded = deps.toRecorded(decodeEvent(deps.prefix, event), ordinal);
  try {
    await delivering.run(follow.token, () => follow.options.onEvent(recorded));
  } catch (error) {
    throw new DeliveryError(error);
  }
  if (state.closed) return true;
  state.last = ordinal;
  if (state.last >= state.target!) follow.caughtUp.settle();
  return false;
}
