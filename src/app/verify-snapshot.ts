// Whether the read model's snapshot says what the log says. Its MAC (ledger-snapshot-file.ts)
// already refuses a snapshot rewritten without the key; `socle verify` also replays the log to the
// snapshot's position and compares the two states byte for byte (the encoding is deterministic),
// which catches what a MAC cannot: a snapshot written by a faulty read model, or with a stolen key.
import { encodeLedgerState, type EncodedLedger } from '../read-model/ledger-snapshot.ts';
import { ledgerProjection } from '../read-model/ledger.ts';
import { replay } from '../read-model/runner.ts';
import type { EventStore } from '../store/port.ts';
import { readLedgerSnapshot } from './ledger-snapshot-file.ts';

/** `refused`: a snapshot is there that a server would refuse (forged, or not a regular file). */
export type SnapshotVerdict = { checked: false; why: string; refused: boolean } | { checked: true; position: number; matches: boolean };

export async function verifyLedgerSnapshot(dataDir: string, store: EventStore, key?: Buffer): Promise<SnapshotVerdict> {
  const read = await readLedgerSnapshot(dataDir, store, key);
  if ('unusable' in read) return { checked: false, why: read.unusable, refused: read.refused === true };
  const { position } = read.checkpoint;
  const replayed = await replay(store, ledgerProjection, { to: position });
  return { checked: true, position, matches: sameEncoding(encodeLedgerState(read.checkpoint.state), encodeLedgerState(replayed.state)) };
}

function sameEncoding(a: EncodedLedger, b: EncodedLedger): boolean {
  return a.setUp === b.setUp && a.ids === b.ids && Buffer.from(a.rows.buffer, a.rows.byteOffset, a.rows.byteLength).equals(Buffer.from(b.rows.buffer, b.rows.byteOffset, b.rows.byteLength));
}
