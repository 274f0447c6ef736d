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

export function startEsdbSubscription(options: SubscribeOptions, deps: SubscriptionDeps): Subscription {
  const after = options.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('after must be a non-negative integer');
  const { client, index, prefix } = deps;
  const token = {};
  let last = after;
  let closed = false;
  let current: AllStreamSubscription | undefined;
  let wakeSleeper: (() => void) | undefined;

  let caughtUpDone = false;
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = resolve;
    rejectCaughtUp = reject;
  });
  // A subscriber that never awaits caughtUp must not get an unhandled rejection.
  caughtUp.catch(() => {});
  const settleCaughtUp = (error?: unknown) => {
    if (caughtUpDone) return;
    caughtUpDone = true;
    if (error === undefined) resolveCaughtUp();
    else rejectCaughtUp(error);
  };

  const stop = () => {
    closed = true;
    const subscription = current;
    current = undefined;
    // Cancel the gRPC call and end the stream so that the loop's for-await returns.
    if (subscription) void subscription.unsubscribe().finally(() => subscription.destroy());
    wakeSleeper?.();
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wakeSleeper = undefined));

  // Server-side filter: only this log's streams come over the wire (the check below stays, as a
  // guard against a server that ignores filters).
  const filter = prefix ? streamNameFilter({ prefixes: [prefix] }) : excludeSystemEvents();

  const loop = (async () => {
    // Never deliver before subscribe() has returned.
    await Promise.resolve();
    /** caughtUp means: everything up to the head as it was when subscribing has been delivered. */
    let target: number | undefined;
    let resumeAfter: Position | undefined;
    let delayMs = FIRST_RETRY_DELAY_MS;
    while (!closed) {
      try {
        if (target === undefined) {
          await index.catchUp();
          target = index.length;
          if (last >= target) settleCaughtUp();
          resumeAfter = index.positionOf(Math.min(last, index.length));
        }
        const subscription = client.subscribeToAll({ fromPosition: resumeAfter ?? START, filter });
        current = subscription;
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          if (closed) break;
          const event = resolved.event;
          if (!event) continue;
          if (belongsToLog(prefix, event)) {
            let ordinal = index.ordinalAt(event.position);
            if (ordinal === undefined) {
              // Newer than the index (appended since it last read $all): read on.
              await index.catchUp();
              ordinal = index.ordinalAt(event.position);
              if (ordinal === undefined) throw new Error(`event ${event.id} at $all ${event.position.commit} is missing from the log index`);
            }
            if (ordinal > last) {
              if (ordinal !== last + 1) throw new Error(`the subscription skipped from position ${last} to ${ordinal}`);
              const recorded = deps.toRecorded(decodeEvent(prefix, event), ordinal);
              try {
                await delivering.run(token, () => options.onEvent(recorded));
              } catch (error) {
                throw new DeliveryError(error);
              }
              if (closed) return;
              last = ordinal;
              if (last >= target) settleCaughtUp();
            }
          }
          resumeAfter = event.position;
          delayMs = FIRST_RETRY_DELAY_MS;
        }
        // The subscription ended without an error (a server shutting down may end it so): it is
        // a drop too.
        if (closed) return;
      } catch (error) {
        if (closed) return;
        if (error instanceof DeliveryError) throw error.cause;
        if (!isTransient(error)) throw error;
      } finally {
        const subscription = current;
        current = undefined;
        if (subscription) await subscription.unsubscribe().catch(() => {});
      }
      await pause(delayMs);
      delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
    }
  })().catch((error: unknown) => {
    stop();
    const hadWaiter = !caughtUpDone;
    settleCaughtUp(error);
    if (options.onError) options.onError(error);
    else if (!hadWaiter) process.emitWarning(`subscription stopped: ${String(error)}`);
  });

  return {
    caughtUp,
    async close() {
      if (!closed) {
        stop();
        settleCaughtUp(new Error('subscription closed before catching up'));
      }
      if (delivering.getStore() === token) return;
      await loop;
    },
  };
}
