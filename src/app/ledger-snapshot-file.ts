// The ledger read model's snapshot on disk: what lets `socle serve` start in seconds on a long log.
// It is a cache, never a source of truth: it is used only when it was written by the same read-model
// code (a hash of that code's source), when the log still holds the same event at its position
// (the chained hash there, so a log replaced or imported anew is never mixed with an old snapshot),
// and when its bytes are whole (their sha256); otherwise the process replays from the first event.
// Written to a temporary file, fsynced, then renamed: a crash leaves the old snapshot or the new one.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync, rmSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeLedgerState, encodeLedgerState } from '../../projections/ledger-snapshot.ts';
import type { LedgerState } from '../../projections/ledger.ts';
import type { Checkpoint } from '../../projections/runner.ts';
import type { EventStore } from '../store/port.ts';

export const SNAPSHOT_FILE_NAME = 'ledger.snapshot';
const FORMAT = 'socle-ledger-snapshot/2';

// The source files whose code decides what the read model holds: a change to any of them makes
// older snapshots unusable (they would hold what the old code computed).
const MODEL_SOURCES = [
  '../../projections/ledger.ts',
  '../../projections/ledger-snapshot.ts',
  '../../projections/unvalued-index.ts',
  '../../projections/cow-map.ts',
  '../../projections/id-list.ts',
  '../../projections/runner.ts',
  '../domain/valuation.ts',
  '../domain/money.ts',
  '../domain/events.ts',
  '../domain/kinds.ts',
  '../domain/upcast.ts',
];

let modelCodeHash: string | undefined;

/** sha256 of the read model's source code. */
export function readModelCodeHash(): string {
  if (modelCodeHash === undefined) {
    const hash = createHash('sha256');
    for (const source of MODEL_SOURCES) hash.update(readFileSync(new URL(source, import.meta.url)));
    modelCodeHash = hash.digest('hex');
  }
  return modelCodeHash;
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
  /**
   * sha1 of the three parts: it catches a damaged file (the write is atomic, the disk may not be).
   * Not a defence against someone who can write the data directory (the log's hash chain and
   * `socle verify`, which compares the snapshot with a replay, are), so the faster hash will do:
   * a start on a million events reads 120 MB.
   */
  sha1: string;
}

export interface SnapshotWritten {
  path: string;
  position: number;
  bytes: number;
}

/** Writes the checkpoint's state as the snapshot in `dir`, atomically. */
export function writeLedgerSnapshot(dir: string, checkpoint: Checkpoint<LedgerState>): SnapshotWritten {
  const encoded = encodeLedgerState(checkpoint.state);
  const parts = [Buffer.from(encoded.setUp, 'utf8'), Buffer.from(encoded.ids, 'utf8'), Buffer.from(encoded.rows.buffer, encoded.rows.byteOffset, encoded.rows.byteLength)] as const;
  const header: Header = {
    format: FORMAT,
    endianness: endianness(),
    codeHash: readModelCodeHash(),
    position: checkpoint.position,
    hash: checkpoint.hash,
    setUpBytes: parts[0].length,
    idsBytes: parts[1].length,
    rowsBytes: parts[2].length,
    sha1: digest(parts),
  };
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

export type SnapshotRead = { checkpoint: Checkpoint<LedgerState> } | { unusable: string };

/** The snapshot in `dir` if it can be trusted for this log and this code; otherwise why not. */
export async function readLedgerSnapshot(dir: string, store: EventStore): Promise<SnapshotRead> {
  const path = join(dir, SNAPSHOT_FILE_NAME);
  if (!existsSync(path)) return { unusable: 'no snapshot' };
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
  if (digest(parts) !== header.sha1) return { unusable: 'its bytes do not match their hash' };
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

function digest(parts: readonly Buffer[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
