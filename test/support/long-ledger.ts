// A valid ledger of any length, written straight into a data folder's SQLite file: one programme,
// one partner, and `contributions` cash contributions of 1.00 € (so the totals are easy to check).
// Long enough (DEFAULT_SNAPSHOT_POLICY.minEvents) for the server to write a snapshot when it stops.
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import type { NewEvent } from '../../src/store/port.ts';

const metadata = { actor: 'test', role: 'coordinator' };

/** Writes the ledger into `dir` (created beforehand): 2 set-up events, then the contributions. */
export async function writeLedger(dir: string, contributions: number): Promise<void> {
  const store = createSqliteStore({ path: join(dir, SQLITE_FILE_NAME) });
  try {
    const setUp: NewEvent[] = [
      { id: 'open', type: 'ProgrammeOpened', schemaVersion: 1, data: { programmeId: 'p', name: 'P', startsOn: '2024-01-01', endsOn: '2024-12-31' }, metadata },
      { id: 'ccas', type: 'PartnerJoined', schemaVersion: 1, data: { programmeId: 'p', partnerId: 'ccas', name: 'CCAS', category: 'ccas' }, metadata },
    ];
    await store.appendToStream('programme-p', setUp, { expectedStreamVersion: 'no_stream' });
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < contributions; i++) {
      const content = { partnerId: 'ccas', kind: 'cash', status: 'actual', date: '2024-03-01', unit: 'eur', amount: '1.00' };
      const event = { id: `e${i}`, type: 'ContributionRecorded', schemaVersion: 1, data: { programmeId: 'p', contributionId: `c${i}`, content }, metadata };
      appends.push(store.appendToStream(`contribution-c${i}`, [event], { expectedStreamVersion: 'no_stream' }));
    }
    await Promise.all(appends);
  } finally {
    await store.close();
  }
}
