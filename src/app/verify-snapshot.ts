// Whether the read model's snapshot says what the log says. Its own hash only catches a damaged
// file; someone able to write the data directory could rewrite a snapshot whole, and a server
// started on it would answer from it. So `socle verify` replays the log to the snapshot's position
// and compares the two states byte for byte (the encoding is deterministic).
import { encodeLedgerState, type EncodedLedger } from '../../projections/ledger-snapshot.ts';
import { ledgerProjection } from '../../projections/ledger.ts';
import { replay } from '../../projections/runner.ts';
import type { EventStore } from '../store/port.ts';
import { readLedgerSnapshot } from './ledger-snapshot-file.ts';

export type SnapshotVerdict = { checked: false; why: string } | { checked: true; position: number; matches: boolean };

export async function verifyLedgerSnapshot(dataDir: string, store: EventStore): Promise<SnapshotVerdict> {
  const read = await readLedgerSnapshot(dataDir, store);
  if ('unusable' in read) return { checked: false, why: read.unusable };
  const { position } = read.checkpoint;
  const replayed = await replay(store, ledgerProjection, { to: position });
  return { checked: true, position, matches: sameEncoding(encodeLedgerState(read.checkpoint.state), encodeLedgerState(replayed.state)) };
}

function sameEncoding(a: EncodedLedger, b: EncodedLedger): boolean {
  return a.setUp === b.setUp && a.ids === b.ids && Buffer.from(a.rows.buffer, a.rows.byteOffset, a.rows.byteLength).equals(Buffer.from(b.rows.buffer, b.rows.byteOffset, b.rows.byteLength));
}
