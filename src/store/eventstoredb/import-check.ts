// Checking a log import before anything is written, with the embedded stores' rules (log-store.ts):
// positions continue the log, stream versions continue each stream, ids are new, recordedAt is an
// instant, and every hash matches the chain from the log's head. EventStoreDB has no transaction
// across streams, so a bad batch must be refused here, before its first write.
import { chainHash } from '../hash-chain.ts';
import { ImportError, type RecordedEvent } from '../port.ts';
import { checkImportedFields, checkImportedPlace } from '../stored-row.ts';
import { checkEvents, checkStreamName, type CheckedEvent } from './checks.ts';
import type { EventToWrite } from './envelope.ts';
import type { LogIndex } from './log-index.ts';

export type ImportedEvent = EventToWrite & { stream: string; streamVersion: number; position: number; hash: string };

export async function checkImport(
  events: RecordedEvent[],
  index: LogIndex,
  currentVersion: (stream: string) => Promise<number>,
): Promise<ImportedEvent[]> {
  let position = index.length;
  let previousHash = index.hashAt(position);
  const versions = new Map<string, number>();
  const ids = new Set<string>();
  const checked: ImportedEvent[] = [];
  for (const event of events) {
    const expectedPosition = position + 1;
    checkImportedPlace(event, expectedPosition);
    let normalized: CheckedEvent;
    let stream: string;
    try {
      normalized = checkEvents([event])[0]!;
      stream = checkStreamName(event.stream, `stream of event ${event.id}`);
      checkImportedFields(event);
    } catch (error) {
      throw new ImportError(`event at position ${expectedPosition}: ${(error as Error).message}`);
    }
    if (ids.has(normalized.id) || index.ordinalOfId(normalized.id) !== undefined) {
      throw new ImportError(`event id ${normalized.id} at position ${expectedPosition} is already in the log`);
    }
    ids.add(normalized.id);
    const streamVersion = (versions.get(stream) ?? (await currentVersion(stream))) + 1;
    if (event.streamVersion !== streamVersion) {
      throw new ImportError(`event at position ${expectedPosition} has version ${event.streamVersion} of ${stream}, expected ${streamVersion}`);
    }
    versions.set(stream, streamVersion);
    const content = { ...normalized, stream, streamVersion, position: expectedPosition, recordedAt: event.recordedAt };
    const hash = chainHash(previousHash, content);
    if (hash !== event.hash) throw new ImportError(`event at position ${expectedPosition} does not match the hash chain`);
    checked.push({ ...content, hash });
    position = expectedPosition;
    previousHash = hash;
  }
  return checked;
}

