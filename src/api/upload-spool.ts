// An import's upload, streamed to a private temporary file as it arrives: the import reads its file
// twice (a first pass checks it whole before anything is written), which a request body cannot
// give, and memory holds one chunk of it at a time, never the file. The size is counted as the
// bytes come, whatever the request announced (a chunked body announces nothing): one byte past the
// limit stops the upload with a 413, the file is removed, and the import never starts.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import type { Request } from 'express';
import { API_FR, IMPORT_FR } from '../messages/fr.ts';
import { HttpProblem } from './problem.ts';

export interface SpooledUpload {
  path: string;
  sizeBytes: number;
  /** Removes the file (and its folder); called once the import has answered, whatever it answered. */
  remove(): void;
}

export async function spoolUpload(req: Request, maxBytes: number): Promise<SpooledUpload> {
  // Refused from the announced length, before reading anything.
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > maxBytes) throw tooLarge(announced, maxBytes);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw new HttpProblem(415, API_FR.compressedBody);
  const dir = mkdtempSync(join(tmpdir(), 'socle-upload-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'envoi');
  let sizeBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      done(sizeBytes > maxBytes ? tooLarge(sizeBytes, maxBytes) : null, chunk);
    },
  });
  try {
    await spool(req, counter, createWriteStream(path, { mode: 0o600, flags: 'wx' }));
  } catch (error) {
    remove();
    throw error;
  }
  return { path, sizeBytes, remove };
}

function tooLarge(sizeBytes: number, maxBytes: number): HttpProblem {
  return new HttpProblem(413, IMPORT_FR.fileTooLarge(sizeBytes, maxBytes), [], { Connection: 'close' });
}

/**
 * req → counter → file. Not stream.pipeline: on the counter's 413 it would destroy the request, so
 * its socket, and the client would never read the answer. Here the request is only unpiped: the
 * rest of an over-long body is not read, and the answer (Connection: close) ends the connection.
 */
function spool(req: Request, counter: Transform, file: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      req.unpipe(counter);
      counter.unpipe(file);
      file.destroy();
      reject(error);
    };
    counter.on('error', fail);
    file.on('error', fail);
    req.on('error', fail);
    req.on('aborted', () => fail(new Error('upload aborted by the client')));
    file.on('finish', () => resolve());
    req.pipe(counter).pipe(file);
  });
}
