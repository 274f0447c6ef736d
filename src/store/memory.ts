// The in-memory event store, for unit tests and benchmarks. It runs the same rules as the SQLite
// store (log-store.ts) over arrays, and keeps data and metadata as canonical JSON text so that
// reads hand out fresh objects, exactly like the file.
import { createLogStore, type LogBackend } from './log-store.ts';
import type { EventStore } from './port.ts';
import type { StoredRow } from './stored-row.ts';

export interface MemoryStoreOptions {
  clock?: () => Date;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): EventStore {
  return createLogStore('memory', createMemoryBackend(), { clock: options.clock });
}

function createMemoryBackend(): LogBackend {
  /** rows[i] has position i + 1: positions have no gaps. */
  const rows: StoredRow[] = [];
  const byId = new Map<string, StoredRow>();
  /** streams.get(s)[v - 1] has stream version v. */
  const streams = new Map<string, StoredRow[]>();

  /** Undo the inserts after the first `length` rows. */
  function truncate(length: number): void {
    for (const row of rows.splice(length)) {
      byId.delete(row.id);
      streams.get(row.stream)?.pop();
      if (streams.get(row.stream)?.length === 0) streams.delete(row.stream);
    }
  }
  /** Where the transaction opened by begin() started, if one is open. */
  let begunAt: number | undefined;

  return {
    transaction(fn) {
      // One thread runs one append at a time; undo the inserts of a failed transaction (only its
      // own when it is nested in a group commit: the rows after `length`).
      const length = rows.length;
      try {
        return fn();
      } catch (error) {
        truncate(length);
        throw error;
      }
    },
    begin: () => void (begunAt = rows.length),
    commit: () => void (begunAt = undefined),
    rollback() {
      if (begunAt !== undefined) truncate(begunAt);
      begunAt = undefined;
    },
    lastRow: () => rows[rows.length - 1],
    rowAt: (position) => rows[position - 1],
    lastRowAtOrBefore(instant) {
      for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.recordedAt <= instant) return rows[i];
      return undefined;
    },
    findById: (id) => byId.get(id),
    findByIds: (ids) => ids.flatMap((id) => byId.get(id) ?? []),
    streamVersion: (stream) => streams.get(stream)?.length ?? 0,
    readStream: (stream, fromVersion) => streams.get(stream)?.slice(fromVersion - 1) ?? [],
    readAfter: (afterPosition, toPosition, limit) => rows.slice(afterPosition, Math.min(toPosition, afterPosition + limit)),
    insert(newRows) {
      for (const row of newRows) {
        const stream = streams.get(row.stream) ?? [];
        if (row.position !== rows.length + 1) throw new Error(`invariant violated: position ${row.position} after ${rows.length}`);
        if (row.streamVersion !== stream.length + 1) throw new Error(`invariant violated: version ${row.streamVersion} of ${row.stream}`);
        if (byId.has(row.id)) throw new Error(`invariant violated: event id ${row.id} stored twice`);
        rows.push(row);
        byId.set(row.id, row);
        streams.set(row.stream, stream);
        stream.push(row);
      }
    },
    close() {},
  };
}
