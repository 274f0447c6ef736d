// Where the bytes of an uploaded or named file come from. A source can be read more than once:
// the import reads a file through once to check it whole before it writes anything (nothing
// half-written), then again to write it, so memory holds one chunk at a time, not the file.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { IMPORT_FR } from '../messages/fr.ts';
import { MAX_IMPORT_FILE_BYTES } from '../domain/limits.ts';
import { UnreadableFileError } from './cells.ts';

export interface ByteSource {
  /** The file's name as the sender gave it (its extension names the format). */
  readonly name: string;
  readonly sizeBytes: number;
  /** A fresh pass over the bytes, a chunk at a time. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** `name`: the file's name as the sender gave it, when it is stored under another (an upload). */
export function fileSource(path: string, name = basename(path)): ByteSource {
  const sizeBytes = statSync(path).size;
  return { name, sizeBytes, chunks: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

export function bufferSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    sizeBytes: bytes.length,
    async *chunks() {
      const step = 256 * 1024;
      for (let at = 0; at < bytes.length; at += step) yield bytes.subarray(at, at + step);
    },
  };
}

/** The first bytes of a source, for sniffing its format. */
export async function headBytes(source: ByteSource, count: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of source.chunks()) {
    parts.push(chunk);
    have += chunk.length;
    if (have >= count) break;
  }
  return Buffer.concat(parts).subarray(0, count);
}

export function requireSize(source: ByteSource, maxBytes = MAX_IMPORT_FILE_BYTES): void {
  if (source.sizeBytes === 0) throw new UnreadableFileError(IMPORT_FR.emptyFile);
  if (source.sizeBytes > maxBytes) throw new UnreadableFileError(IMPORT_FR.fileTooLarge(source.sizeBytes, maxBytes));
}
