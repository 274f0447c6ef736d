// A catch-up subscription over a log read by position: one loop reads pages after the last
// delivered position and awaits onEvent for each event, so calls are sequential, in global order,
// never duplicated and never skipped. The loop sleeps when it reaches the head and wakes on an
// in-process notification (after each commit) or on a slow poll (appends by other processes).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedEvent, SubscribeOptions, Subscription } from './port.ts';

/** Events read per page while catching up: bounds memory for a subscriber far behind. */
const PAGE_SIZE = 500;

export interface SubscriptionSource {
  /** Head position at the time of the subscribe call: caughtUp resolves once it is delivered. */
  headPosition: number;
  /** Events with a position above `afterPosition`, in order, at most `limit`. */
  readAfter(afterPosition: number, limit: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** Register a wake-up called after each local commit; returns the unregister function. */
  listen(wake: () => void): () => void;
  /** Poll period for appends made by other processes; none when only this process writes. */
  pollIntervalMs?: number;
  /**
   * Whether a failed read is worth trying again at the next wake (a shared store restarting, a
   * connection lost) rather than the end of the subscription. Needs pollIntervalMs, which bounds
   * the wait: without it, every read failure stops the subscription.
   */
  transient?(error: unknown): boolean;
}

// Lets close() know it is being called from inside onEvent, where awaiting the loop would wait
// for itself.
const delivering = new AsyncLocalStorage<object>();

/** What the loop and close() share: where delivery stands and how to wake the loop. */
interface LoopState {
  /** The position of the last event delivered. */
  last: number;
  closed: boolean;
  /** Set by a wake since the loop last read a page: it reads again instead of sleeping. */
  woken: boolean;
  sleeping: (() => void) | undefined;
}

/** The caughtUp promise, settled once: resolved, or rejected with the error that stopped the loop. */
export interface CaughtUp {
  promise: Promise<void>;
  readonly pending: boolean;
  settle(error?: unknown): void;
}

export function caughtUpSignal(): CaughtUp {
  let pending = true;
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A subscriber that never awaits caughtUp must not get an unhandled rejection.
  promise.catch(() => {});
  return {
    promise,
    get pending() {
      return pending;
    },
    settle(error?: unknown) {
      if (!pending) return;
      pending = false;
      if (error === undefined) resolve();
      else reject(error);
    },
  };
}

export function startSubscription(options: SubscribeOptions, source: SubscriptionSource): Subscription {
  const after = options.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('after must be a non-negative integer');
  const token = {};
  const state: LoopState = { last: after, closed: false, woken: false, sleeping: undefined };
  const wake = () => {
    state.woken = true;
    state.sleeping?.();
  };
  const caughtUp = caughtUpSignal();
  if (state.last >= source.headPosition) caughtUp.settle();

  const unlisten = source.listen(wake);
  const timer = source.pollIntervalMs ? setInterval(wake, source.pollIntervalMs) : undefined;
  timer?.unref();

  const stop = () => {
    state.closed = true;
    unlisten();
    if (timer) clearInterval(timer);
    state.sleeping?.();
  };

  const loop = deliverAll(options, source, state, caughtUp, token).catch((error: unknown) => {
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

/** The loop: read a page after the last delivered position, deliver it, sleep at the head until woken. */
async function deliverAll(options: SubscribeOptions, source: SubscriptionSource, state: LoopState, caughtUp: CaughtUp, token: object): Promise<void> {
  // Never deliver before subscribe() has returned.
  await Promise.resolve();
  while (!state.closed) {
    state.woken = false;
    const page = await readPage(source, state);
    if (page === undefined) {
      await sleepUntilWoken(state);
      continue;
    }
    for (const event of page) {
      if (state.closed) return;
      if (event.position <= state.last) continue;
      await delivering.run(token, () => options.onEvent(event));
      state.last = event.position;
      if (state.last >= source.headPosition) caughtUp.settle();
    }
    if (page.length === PAGE_SIZE) continue;
    // Everything present when the page was read has been delivered, which covers the head at
    // subscribe time even if a damaged log has a gap just below it.
    caughtUp.settle();
    await sleepUntilWoken(state);
  }
}

/** The next page, or undefined after a transient failure (the caller sleeps until the next wake, then reads again). */
async function readPage(source: SubscriptionSource, state: LoopState): Promise<RecordedEvent[] | undefined> {
  try {
    return await source.readAfter(state.last, PAGE_SIZE);
  } catch (error) {
    if (source.pollIntervalMs && source.transient?.(error)) return undefined;
    throw error;
  }
}

async function sleepUntilWoken(state: LoopState): Promise<void> {
  if (state.woken || state.closed) return;
  await new Promise<void>((resolve) => (state.sleeping = resolve));
  state.sleeping = undefined;
}

/** Hold `subscription` in `held` (a store's open subscriptions, closed with it) until it is closed. */
export function trackSubscription(held: Set<Subscription>, subscription: Subscription): Subscription {
  held.add(subscription);
  return {
    caughtUp: subscription.caughtUp,
    async close() {
      held.delete(subscription);
      await subscription.close();
    },
  };
}
