// The ledger read model's snapshot on disk: what lets `socle serve` start in seconds on a long log.
// It is a cache, never a source of truth: it is used only when it was written by the same read-model
// code (the same READ_MODEL_VERSION), when the log still holds the same event at its position
// (the chained hash there, so a log replaced or imported anew is never mixed with an old snapshot),
// and when it is authentic: an HMAC-SHA256 over its header and bytes, keyed with a key derived from
// the signing key that lives outside the data folder (signing-key.ts). Someone who can write the
// data folder can rewrite a snapshot whole and recompute any plain checksum, but not this MAC, so a
// forged snapshot is refused (and said why) and the process replays from the first event instead.
// Only a regular file is read: a directory, FIFO, socket or link at its path is refused after an
// lstat, never opened (a FIFO would block the reader for ever).
// Written to a temporary file, fsynced, then renamed: a crash leaves the old snapshot or the new one.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, writeSync, rmSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeLedgerState, encodeLedgerState } from '../read-model/ledger-snapshot.ts';
import type { LedgerState } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import { READ_MODEL_VERSION } from '../read-model/read-model-version.ts';
import type { EventStore } from '../store/port.ts';
import { keyFilePath, loadSigningKey, snapshotMacKey } from './signing-key.ts';

export const SNAPSHOT_FILE_NAME = 'ledger.snapshot';
const FORMAT = 'socle-ledger-snapshot/3';

/** The MAC key of the signing key the environment names (SOCLE_KEY_FILE or the default), created on first use. */
export function defaultSnapshotKey(): Buffer {
  return snapshotMacKey(loadSigningKey(keyFilePath())!);
}

/** The read-model version as the header's code key: a snapshot of another version is never used. */
export function readModelCodeHash(): string {
  return createHash('sha256').update(`socle-read-model-v${READ_MODEL_VERSION}`).digest('hex');
}

interface Header {
  format: string;
  endianness: string;
  codeHash: string;
  position: number;
  hash: string;
  setUpBytes: number;
  idsBytes: number;
  rowsBytes: number;
  /** HMAC-SHA256 (hex) over the rest of the header and the three parts: damage and forgery alike. */
  mac: string;
}

export interface SnapshotWritten {
  path: string;
  position: number;
  bytes: number;
}

/** Writes the checkpoint's state as the snapshot in `dir`, atomically. */
export function writeLedgerSnapshot(dir: string, checkpoint: Checkpoint<LedgerState>, key: Buffer = defaultSnapshotKey()): SnapshotWritten {
  const encoded = encodeLedgerState(checkpoint.state);
  const parts = [Buffer.from(encoded.setUp, 'utf8'), Buffer.from(encoded.ids, 'utf8'), Buffer.from(encoded.rows.buffer, encoded.rows.byteOffset, encoded.rows.byteLength)] as const;
  const unsigned: Omit<Header, 'mac'> = {
    format: FORMAT,
    endianness: endianness(),
    codeHash: readModelCodeHash(),
    position: checkpoint.position,
    hash: checkpoint.hash,
    setUpBytes: parts[0].length,
    idsBytes: parts[1].length,
    rowsBytes: parts[2].length,
  };
  const header: Header = { ...unsigned, mac: mac(key, unsigned, parts) };
  const headerBuffer = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  const path = join(dir, SNAPSHOT_FILE_NAME);
  // Unique, so that two processes sharing the directory (two containers may both be pid 1) never
  // write into the same temporary file.
  const temporary = `${path}.tmp-${randomUUID()}`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (const part of [headerBuffer, ...parts]) {
        let written = 0;
        while (written < part.length) written += writeSync(fd, part, written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    // A full disk, say: leave no partial file behind; the previous snapshot, if any, stays.
    rmSync(temporary, { force: true });
    throw error;
  }
  syncDirectory(dirname(path));
  return { path, position: checkpoint.position, bytes: headerBuffer.length + parts.reduce((sum, part) => sum + part.length, 0) };
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `refused`: the file is there but must not be trusted (forged, or not a regular file), not merely stale. */
export type SnapshotRead = { checkpoint: Checkpoint<LedgerState> } | { unusable: string; refused?: boolean };

/** The snapshot in `dir` if it can be trusted for this log and this code; otherwise why not. */
export async function readLedgerSnapshot(dir: string, store: EventStore, key?: Buffer): Promise<SnapshotRead> {
  const path = join(dir, SNAPSHOT_FILE_NAME);
  const special = specialFileAt(path);
  if (special === 'absent') return { unusable: 'no snapshot' };
  if (special !== undefined) return { unusable: `${path} est ${special}, pas un fichier ordinaire : il n'a pas été lu`, refused: true };
  const file = readFileSync(path);
  const newline = file.indexOf(10);
  let header: Header;
  try {
    header = JSON.parse(file.subarray(0, newline).toString('utf8')) as Header;
  } catch {
    return { unusable: 'its header is not readable' };
  }
  if (header.format !== FORMAT) return { unusable: `format ${String(header.format)}, not ${FORMAT}` };
  if (header.endianness !== endianness()) return { unusable: 'written on a machine of another byte order' };
  if (header.codeHash !== readModelCodeHash()) return { unusable: 'written by another version of the read model' };
  const start = newline + 1;
  const idsStart = start + header.setUpBytes;
  const rowsStart = idsStart + header.idsBytes;
  if (file.length !== rowsStart + header.rowsBytes || header.rowsBytes % 4 !== 0) return { unusable: 'truncated' };
  const parts = [file.subarray(start, idsStart), file.subarray(idsStart, rowsStart), file.subarray(rowsStart)] as const;
  const { mac: claimed, ...unsigned } = header;
  // The key is looked for only now: a process with no snapshot to read never creates one.
  if (typeof claimed !== 'string' || !sameHex(claimed, mac(key ?? defaultSnapshotKey(), unsigned, parts)))
    return { unusable: "son code d'authentification (HMAC) ne correspond pas : il a été modifié, ou écrit avec une autre clé ; il est ignoré", refused: true };
  const head = await store.head();
  if (header.position > head.position) return { unusable: `it is at position ${header.position}, beyond the log's head (${head.position})` };
  if ((await store.head(header.position)).hash !== header.hash) return { unusable: `the log's hash at position ${header.position} is not the snapshot's` };
  // An int32 view needs an aligned offset: a copy when the part does not start on one.
  const rowBytes = parts[2];
  const rows =
    rowBytes.byteOffset % 4 === 0
      ? new Int32Array(rowBytes.buffer, rowBytes.byteOffset, rowBytes.byteLength / 4)
      : new Int32Array(rowBytes.buffer.slice(rowBytes.byteOffset, rowBytes.byteOffset + rowBytes.byteLength));
  const state = decodeLedgerState(parts[0].toString('utf8'), () => parts[1].toString('utf8'), rows);
  return { checkpoint: { state, position: header.position, hash: header.hash } };
}

function mac(key: Buffer, header: Omit<Header, 'mac'>, parts: readonly Buffer[]): string {
  const hmac = createHmac('sha256', key);
  // The header's fields in a fixed order, then the parts: nothing in the file escapes the MAC.
  const { format, endianness: order, codeHash, position, hash, setUpBytes, idsBytes, rowsBytes } = header;
  hmac.update(JSON.stringify([format, order, codeHash, position, hash, setUpBytes, idsBytes, rowsBytes]));
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** 'absent', a French description of a special file, or undefined for a regular file. */
export function specialFileAt(path: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'un dossier';
  if (stat.isFIFO()) return 'un tube nommé (FIFO)';
  if (stat.isSymbolicLink()) return 'un lien symbolique';
  if (stat.isSocket()) return 'une socket';
  return 'un fichier spécial';
}
