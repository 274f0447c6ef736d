// The last checkpoint signed for each ledger, kept beside the signing key (FILE.witness.json), that
// is outside the data folder. The checkpoints inside the log vanish with the rows someone deletes;
// this copy does not, so `socle verify` can tell that the log was cut short even when nothing is
// left in it to say so. One JSON object: ledger id → the latest signed checkpoint.
import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SignedCheckpointSchema, type SignedCheckpoint } from '../store/checkpoints.ts';
import { specialFileAt } from './ledger-snapshot-file.ts';
import { postgresTarget } from '../store/open-store.ts';

export function witnessPath(keyPath: string): string {
  return `${keyPath}.witness.json`;
}

/** Which ledger a data directory holds: the SQLite folder's real path, or the PostgreSQL or EventStoreDB address. */
export function ledgerIdOf(dataDir: string): string {
  if (process.env.SOCLE_STORE === 'postgres') {
    const { connectionString, schema } = postgresTarget();
    // The address without a password: the witness file is not a place for secrets.
    const address = connectionString ? connectionString.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@') : `${process.env.PGHOST ?? ''}/${process.env.PGDATABASE ?? ''}`;
    return `postgres:${address}#${schema}`;
  }
  if (process.env.SOCLE_STORE === 'eventstoredb') return `eventstoredb:${process.env.EVENTSTORE_CONNECTION_STRING ?? ''}`;
  let path = resolve(dataDir);
  try {
    path = realpathSync(path);
  } catch {
    // Not there yet: its resolved path names it.
  }
  return `sqlite:${path}`;
}

type Witnesses = Record<string, SignedCheckpoint>;

function readAll(keyPath: string): Witnesses {
  const path = witnessPath(keyPath);
  const special = specialFileAt(path);
  if (special === 'absent') return {};
  if (special !== undefined) throw new Error(`le fichier témoin ${path} est ${special} : il n'a pas été lu`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`le fichier témoin ${path} est illisible`);
  }
  const out: Witnesses = {};
  if (typeof parsed === 'object' && parsed !== null) {
    for (const [id, value] of Object.entries(parsed)) {
      const checkpoint = SignedCheckpointSchema.safeParse(value);
      if (checkpoint.success) out[id] = checkpoint.data;
    }
  }
  return out;
}

export function readWitness(keyPath: string, ledgerId: string): SignedCheckpoint | undefined {
  return readAll(keyPath)[ledgerId];
}

/** Keeps `checkpoint` as the ledger's latest, unless the file already holds a later one. */
export function recordWitness(keyPath: string, ledgerId: string, checkpoint: SignedCheckpoint): void {
  const all = readAll(keyPath);
  const known = all[ledgerId];
  if (known && known.position > checkpoint.position) return;
  all[ledgerId] = checkpoint;
  const path = witnessPath(keyPath);
  const temporary = `${path}.tmp-${randomUUID()}`;
  try {
    writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
