// Group commit for the embedded stores (log-store.ts). A durable commit costs one fsync, which on
// SQLite takes longer than everything else an append does and blocks the event loop. So appends and
// imports are queued, and the queue is written at the next turn of the event loop (setImmediate,
// never a timer: a lone append waits for nothing but the current turn) or as soon as it reaches
// MAX_GROUP_APPENDS or MAX_GROUP_EVENTS, in ONE backend transaction, each operation in its own nested
// transaction (a savepoint on SQLite) so that its failure rolls back only itself (an operation alone
// in its group needs none). Operations run in arrival order, so positions follow the order of the
// calls; every caller is answered only after the one commit, so nothing is acknowledged before it
// is durable.

/** Upper bounds on one group commit: a queue this long is written without waiting for the next turn. */
export const MAX_GROUP_APPENDS = 1000;
export const MAX_GROUP_EVENTS = 10_000;

/** The part of a log backend that group commit needs (see LogBackend in log-store.ts). */
export interface TransactionalBackend {
  transaction<T>(fn: () => T): T;
  inTransaction?(): boolean;
}

export interface GroupCommit {
  /** Queue `run` (the operation's writes, `events` of them) and answer with its result once committed. */
  enqueue<T>(run: () => T, events: number): Promise<T>;
  /** Write the queue now, in one transaction, then answer every caller. */
  flush(): void;
  /** Hold the queue while an importAll has the one transaction open; release writes it afterwards. */
  hold(): void;
  release(): void;
  readonly held: boolean;
}

interface Pending {
  /** The operation's writes; runs inside the group's transaction, in a nested one of its own. */
  run: () => unknown;
  events: number;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: boolean; value: unknown };

/** `onWrote` is called after a commit that stored at least one new event. */
export function createGroupCommit(backend: TransactionalBackend, onWrote: () => void): GroupCommit {
  let queue: Pending[] = [];
  let queuedEvents = 0;
  let scheduled: NodeJS.Immediate | undefined;
  let held = false;

  function flush(): void {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    // Written once the import ends (it schedules the flush): inside its transaction, they would be
    // rolled back with it.
    if (held) return;
    const group = queue;
    queue = [];
    queuedEvents = 0;
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = runGroup(backend, group);
    } catch (error) {
      // The transaction could not begin or commit (lock timeout, disk error): nothing was written.
      for (const pending of group) pending.reject(error);
      return;
    }
    if (answer(group, outcomes)) onWrote();
  }

  return {
    enqueue<T>(run: () => T, events: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, events, resolve: resolve as (value: never) => void, reject });
        queuedEvents += events;
        if (!held && (queue.length >= MAX_GROUP_APPENDS || queuedEvents >= MAX_GROUP_EVENTS)) flush();
        else scheduled ??= setImmediate(flush);
      });
    },
    flush,
    hold() {
      held = true;
    },
    release() {
      held = false;
      if (queue.length > 0) scheduled ??= setImmediate(flush);
    },
    get held() {
      return held;
    },
  };
}

/** Run the group's operations in one transaction; throws only when that transaction fails as a whole. */
function runGroup(backend: TransactionalBackend, group: Pending[]): Outcome[] {
  const outcomes: Outcome[] = [];
  if (group.length === 1) {
    // Alone in its group (one writer in a loop), the operation is the whole transaction: no
    // savepoint to open and release, and its failure rolls back a transaction that held nothing else.
    try {
      outcomes.push({ ok: true, value: backend.transaction(group[0]!.run) });
    } catch (error) {
      outcomes.push({ ok: false, value: error });
    }
    return outcomes;
  }
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
  return outcomes;
}

/** Settle each caller's promise; true when one of them stored a new event. */
function answer(group: Pending[], outcomes: Outcome[]): boolean {
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
  return wrote;
}
