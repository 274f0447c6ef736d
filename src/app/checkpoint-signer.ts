// Signs the head of the log (position, chained hash, Merkle root, time) and appends the signed
// checkpoint as an event of the stream `ledger-checkpoints` (src/store/checkpoints.ts); also keeps
// it in the witness file beside the key. Done at every workbook export and demo, and by `socle
// checkpoint`. A head that is already a checkpoint is not signed again: exporting twice in a row
// writes one checkpoint, and a second `socle demo` writes nothing.
import { CHECKPOINT_EVENT_TYPE, CHECKPOINT_SCHEMA_VERSION, CHECKPOINT_STREAM, isCheckpointEvent, parseCheckpoint, type SignedCheckpoint } from '../store/checkpoints.ts';
import type { LogMerkle } from '../store/log-merkle.ts';
import { EventIdConflictError, type EventStore } from '../store/port.ts';
import { keyFilePath, loadSigningKey, signCheckpoint, type SigningKey } from './signing-key.ts';
import { ledgerIdOf, recordWitness } from './witness-file.ts';

export interface SignedHead {
  checkpoint: SignedCheckpoint;
  /** Position of the checkpoint's own event in the log. */
  eventPosition: number;
  /** False when the head was already a checkpoint: nothing was appended. */
  written: boolean;
}

export const CHECKPOINT_METADATA = { actor: 'socle', role: 'system' };

export async function signHead(store: EventStore, merkle: LogMerkle, key: SigningKey, options: { ledgerId: string; now?: () => Date }): Promise<SignedHead | undefined> {
  const head = await store.head();
  if (head.position === 0) return undefined;
  const last = await lastEvent(store, head.position);
  if (last && isCheckpointEvent(last)) return { checkpoint: parseCheckpoint(last), eventPosition: last.position, written: false };
  const tree = await merkle.upTo(head.position);
  const checkpoint = signCheckpoint(key, {
    position: head.position,
    headHash: head.hash,
    merkleRoot: tree.root(head.position).toString('hex'),
    signedAt: (options.now ?? (() => new Date()))().toISOString(),
  });
  const id = `checkpoint-${head.position}-${head.hash.slice(0, 16)}`;
  let eventPosition: number;
  try {
    const appended = await store.appendToStream(
      CHECKPOINT_STREAM,
      [{ id, type: CHECKPOINT_EVENT_TYPE, schemaVersion: CHECKPOINT_SCHEMA_VERSION, data: checkpoint, metadata: CHECKPOINT_METADATA }],
      { expectedStreamVersion: 'any' },
    );
    eventPosition = appended.lastPosition;
  } catch (error) {
    // Another process signed the same head a moment ago (another time, so another content): keep its.
    if (!(error instanceof EventIdConflictError)) throw error;
    const theirs = (await store.readStream(CHECKPOINT_STREAM)).events.find((event) => event.id === id)!;
    recordWitness(key.path, options.ledgerId, parseCheckpoint(theirs));
    return { checkpoint: parseCheckpoint(theirs), eventPosition: theirs.position, written: false };
  }
  recordWitness(key.path, options.ledgerId, checkpoint);
  return { checkpoint, eventPosition, written: true };
}

async function lastEvent(store: EventStore, position: number) {
  for await (const page of store.readPages({ from: position, to: position })) return page[0];
  return undefined;
}

/** The checkpoints the log holds whose own event is at or before `position`, in log order. */
export async function checkpointsUpTo(store: EventStore, position = Number.MAX_SAFE_INTEGER): Promise<{ eventPosition: number; checkpoint: SignedCheckpoint }[]> {
  const stream = await store.readStream(CHECKPOINT_STREAM);
  return stream.events.filter((event) => event.position <= position).map((event) => ({ eventPosition: event.position, checkpoint: parseCheckpoint(event) }));
}

/** signHead with the key the operator named (--key, SOCLE_KEY_FILE or the default; created on first use). */
export async function signLedgerHead(store: EventStore, merkle: LogMerkle, dataDir: string, keyOption?: string): Promise<SignedHead | undefined> {
  const key = loadSigningKey(keyFilePath(keyOption))!;
  return signHead(store, merkle, key, { ledgerId: ledgerIdOf(dataDir) });
}
