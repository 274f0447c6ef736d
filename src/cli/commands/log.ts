// `socle log export --out FILE` / `socle log import FILE`: the whole log as JSON Lines, one recorded
// event per line, hashes included. An import is checked in full (schema, positions, hash chain)
// before anything is written, so a bad file writes nothing.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { chainHash } from '../../store/hash-chain.ts';
import { openStore } from '../../store/open-store.ts';
import type { RecordedEvent } from '../../store/port.ts';
import { UsageError, dataDirOf, parseCommandArgs, type CliContext } from '../context.ts';

const IMPORT_BATCH_EVENTS = 1000;

const RecordedEventLine = z.strictObject({
  position: z.number().int().positive(),
  id: z.string().min(1).max(200),
  stream: z.string().min(1).max(300),
  streamVersion: z.number().int().positive(),
  type: z.string().min(1).max(100),
  schemaVersion: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.looseObject({ actor: z.string(), role: z.string() }),
  recordedAt: z.string().min(1).max(40),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export async function run(args: string[], context: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'export') return exportLog(rest, context);
  if (sub === 'import') return importLog(rest, context);
  throw new UsageError('usage: socle log export --out FILE | socle log import FILE');
}

async function exportLog(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { out: { type: 'string' } });
  if (!values.out) throw new UsageError('socle log export needs --out FILE');
  const store = await openStore({ dataDir: dataDirOf(values, context) });
  const out = createWriteStream(values.out, { flags: 'wx' }).on('error', () => undefined);
  try {
    await once(out, 'open');
    let count = 0;
    for await (const event of store.readAll()) {
      const line = JSON.stringify(lineOf(event)) + '\n';
      if (!out.write(line)) await once(out, 'drain');
      count += 1;
    }
    out.end();
    await once(out, 'finish');
    const head = await store.head();
    console.error(`exported ${count} events`);
    console.log(`${count} ${head.hash}`);
    return 0;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') throw new UsageError(`${values.out} already exists; choose another --out`);
    throw error;
  } finally {
    out.destroy();
    await store.close();
  }
}

/** The fields of a recorded event in a fixed order, so exports of the same log are byte-identical. */
function lineOf(e: RecordedEvent): RecordedEvent {
  return {
    position: e.position,
    id: e.id,
    stream: e.stream,
    streamVersion: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
    hash: e.hash,
  };
}

async function* readLines(file: string): AsyncGenerator<{ event: RecordedEvent; line: number }> {
  const input = createReadStream(file);
  const opened = once(input, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${error.message}`);
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError(`${file}:${line}: not JSON`);
    }
    const parsed = RecordedEventLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${file}:${line}: ${issue.path.join('.') || 'event'}: ${issue.message}`);
    }
    yield { event: parsed.data as RecordedEvent, line };
  }
}

async function importLog(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('usage: socle log import FILE');
  const store = await openStore({ dataDir: dataDirOf(values, context) });
  try {
    const head = await store.head();
    // Pass 1: check the whole file continues this log, without writing anything.
    let expectedPosition = head.position + 1;
    let previousHash = head.hash;
    let count = 0;
    for await (const { event, line } of readLines(file)) {
      if (event.position !== expectedPosition)
        throw new UsageError(`${file}:${line}: position ${event.position} does not continue the log (expected ${expectedPosition})`);
      const { hash, ...content } = event;
      if (chainHash(previousHash, content) !== hash) throw new UsageError(`${file}:${line}: hash does not match the chain at position ${event.position}`);
      previousHash = hash;
      expectedPosition += 1;
      count += 1;
    }
    // Pass 2: write in bounded batches.
    let batch: RecordedEvent[] = [];
    for await (const { event } of readLines(file)) {
      batch.push(event);
      if (batch.length >= IMPORT_BATCH_EVENTS) {
        await store.importRecorded(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await store.importRecorded(batch);
    const after = await store.head();
    console.error(`imported ${count} events`);
    console.log(`${after.position} ${after.hash}`);
    return 0;
  } finally {
    await store.close();
  }
}
