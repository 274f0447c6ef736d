// `socle log export --out FILE` / `socle log import FILE`: the whole log as JSON Lines, one recorded
// event per line, hashes included. An import is all or nothing: every line is checked (its shape, its
// place in the log, the hash chain, the domain's rules, the read model: app/log-continuation.ts) and
// a refusal names the first bad line, leaving the store exactly as it was.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import { ImportRefusal, LogContinuation } from '../../app/log-continuation.ts';
import { openStore } from '../../store/open-store.ts';
import type { RecordedEvent } from '../../store/port.ts';
import { UsageError, dataDirOf, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';

const IMPORT_BATCH_EVENTS = 1000;
const MAX_LINE_CHARS = 1_000_000;

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
  if (!values.out) throw new UsageError('socle log export demande --out FICHIER');
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const store = await openStore({ dataDir });
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
    console.error(`${count} événements exportés`);
    console.log(`${count} ${head.hash}`);
    return 0;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') throw new UsageError(`${values.out} existe déjà : choisir un autre --out`);
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

/** A line of the file that cannot be imported: `ligne N : why`, the whole refusal in one French line. */
class RefusedLine extends Error {
  constructor(line: number, why: string) {
    super(`ligne ${line} : ${why}`);
    this.name = 'RefusedLine';
  }
}

/**
 * The lines of a JSON Lines file with their numbers. Every line ends with a newline: a last line
 * without one is what a copy cut short leaves, even when it happens to parse, so it is refused.
 */
async function* numberedLines(file: string): AsyncGenerator<{ text: string; line: number }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  await once(input, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `fichier introuvable : ${file}` : `lecture de ${file} impossible : ${error.message}`);
  });
  let rest = '';
  let line = 0;
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      rest += chunk;
      let start = 0;
      for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', start)) {
        line += 1;
        yield { text: rest.slice(start, end), line };
        start = end + 1;
      }
      rest = rest.slice(start);
      // A bound on memory: no event of this ledger comes near it (texts are at most 2,000 characters).
      if (rest.length > MAX_LINE_CHARS) throw new RefusedLine(line + 1, `ligne de plus de ${MAX_LINE_CHARS} caractères`);
    }
  } finally {
    input.destroy();
  }
  if (rest !== '') throw new RefusedLine(line + 1, 'dernière ligne incomplète, sans fin de ligne : le fichier semble tronqué');
}

function parseLine(text: string, line: number): RecordedEvent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RefusedLine(line, "ce n'est pas un objet JSON complet");
  }
  const parsed = RecordedEventLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RefusedLine(line, `champ ${issue.path.join('.') || 'événement'} : ${issue.message}`);
  }
  return parsed.data as RecordedEvent;
}

/** The file's events in batches, each checked by `continuation` before it is handed on. */
async function* checkedBatches(file: string, continuation: LogContinuation): AsyncGenerator<RecordedEvent[]> {
  let batch: RecordedEvent[] = [];
  for await (const { text, line } of numberedLines(file)) {
    if (text.trim() === '') continue;
    const event = parseLine(text, line);
    try {
      continuation.accept(event);
    } catch (error) {
      if (error instanceof ImportRefusal) throw new RefusedLine(line, error.message);
      throw error;
    }
    batch.push(event);
    if (batch.length >= IMPORT_BATCH_EVENTS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * All or nothing. The embedded stores take the whole file in one transaction, checked as it is read:
 * a refusal at any line rolls everything back. EventStoreDB has no transaction across streams, so
 * there the whole file is checked first and written only if every line passed (a crash midway, or
 * a file changed between the two readings, can still leave part of it: see docs/scaling-out.md).
 */
async function importLog(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new UsageError('usage: socle log import FILE');
  // Before the store is opened: a missing file must not leave an empty ledger behind.
  if (!existsSync(file)) throw new UsageError(`fichier introuvable : ${file}`);
  const store = await openStore({ dataDir: dataDirOf(values, context) });
  try {
    const before = (await store.head()).position;
    if (store.importAll) {
      await store.importAll(checkedBatches(file, await LogContinuation.after(store)));
    } else {
      for await (const _ of checkedBatches(file, await LogContinuation.after(store)));
      for await (const batch of checkedBatches(file, await LogContinuation.after(store))) await store.importRecorded(batch);
    }
    const after = await store.head();
    console.error(`${after.position - before} événements importés`);
    console.log(`${after.position} ${after.hash}`);
    return 0;
  } finally {
    await store.close();
  }
}
