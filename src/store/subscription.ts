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
}

// Lets close() know it is being called from inside onEvent, where awaiting the loop would wait
// for itself.
const delivering = new AsyncLocalStorage<object>();

export function startSubscription(options: SubscribeOptions, source: SubscriptionSource): Subscription {
  const after = options.after ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('after must be a non-negative integer');
  const token = {};
  let last = after;
  let closed = false;
  let woken = false;
  let sleeping: (() => void) | undefined;
  const wake = () => {
    woken = true;
    sleeping?.();
  };

  let caughtUpState: 'pending' | 'done' = 'pending';
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = resolve;
    rejectCaughtUp = reject;
  });
  // A subscriber that never awaits caughtUp must not get an unhandled rejection.
  caughtUp.catch(() => {});
  const settleCaughtUp = (error?: unknown) => {
    if (caughtUpState === 'done') return;
    caughtUpState = 'done';
    if (error === undefined) resolveCaughtUp();
    else rejectCaughtUp(error);
  };
  if (last >= source.headPosition) settleCaughtUp();

  const unlisten = source.listen(wake);
  const timer = source.pollIntervalMs ? setInterval(wake, source.pollIntervalMs) : undefined;
  timer?.unref();

  const stop = () => {
    closed = true;
    unlisten();
    if (timer) clearInterval(timer);
    sleeping?.();
  };

  const loop = (async () => {
    // Never deliver before subscribe() has returned.
    await Promise.resolve();
    while (!closed) {
      woken = false;
      const page = await source.readAfter(last, PAGE_SIZE);
      for (const event of page) {
        if (closed) return;
        if (event.position <= last) continue;
        await delivering.run(token, () => options.onEvent(event));
        last = event.position;
        if (last >= source.headPosition) settleCaughtUp();
      }
      if (page.length === PAGE_SIZE) continue;
      // Everything present when the page was read has been delivered, which covers the head at
      // subscribe time even if a damaged log has a gap just below it.
      settleCaughtUp();
      if (!woken && !closed) {
        await new Promise<void>((resolve) => (sleeping = resolve));
        sleeping = undefined;
      }
    }
  })().catch((error: unknown) => {
    stop();
    const hadWaiter = caughtUpState === 'pending';
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
