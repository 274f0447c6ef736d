// The appends of the PostgreSQL store (postgres.ts), as operations of its group commit: each runs on
// the write transaction's connection, under the log's advisory lock, reads what the rules need
// (log-plan.ts), then inserts what they planned in one statement. A refusal (a version conflict, an
// id stored with other content) is thrown before anything is inserted.
import type pg from 'pg';
import { planAppend, planAppends, type CheckedAppend } from './log-plan.ts';
import type { AppendResult, ExpectedStreamVersion } from './port.ts';
import { insertRows, lastRow, storedWithIds, streamVersion, streamVersions, type EventsTable } from './postgres-rows.ts';
import type { NormalizedEvent, StoredRow } from './stored-row.ts';

type Operation<T> = (client: pg.PoolClient) => Promise<T>;

/** One stream's append: the stored ids first (a retry reads nothing else), then the version and the last row. */
export function appendOperation(
  table: EventsTable,
  clock: () => Date,
  stream: string,
  normalized: NormalizedEvent[],
  expected: ExpectedStreamVersion,
): Operation<{ result: AppendResult; rows: StoredRow[] }> {
  return async (client) => {
    const found = normalized.length === 0 ? [] : await storedWithIds(table, client, normalized.map((e) => e.id));
    const current = found.length > 0 ? 0 : await streamVersion(table, stream, client);
    const last = found.length > 0 ? undefined : await lastRow(table, client);
    const planned = planAppend(stream, normalized, expected, {
      storedWithIds: () => found,
      streamVersion: () => current,
      lastRow: () => last,
      now: () => clock().toISOString(),
    });
    await insertRows(table, client, planned.rows);
    return planned;
  };
}

/**
 * appendMany: every append of the call in this one transaction (a savepoint of the group's when it
 * has company), so all are written or none. Three queries whatever the number of appends (the
 * stored ids, the streams' versions, the last row), each expected version checked against what
 * they read plus what the appends before it in the call planned, then one insert.
 */
export function appendManyOperation(table: EventsTable, clock: () => Date, appends: readonly CheckedAppend[]): Operation<{ results: AppendResult[]; rows: StoredRow[] }> {
  return async (client) => {
    const ids = appends.flatMap((append) => append.normalized.map((event) => event.id));
    const found = ids.length === 0 ? [] : await storedWithIds(table, client, ids);
    const versions = await streamVersions(table, client, [...new Set(appends.map((append) => append.stream))]);
    const last = await lastRow(table, client);
    const planned = planAppends(appends, {
      storedWithIds: () => found,
      streamVersions: () => versions,
      lastRow: () => last,
      now: () => clock().toISOString(),
    });
    await insertRows(table, client, planned.rows);
    return planned;
  };
}
