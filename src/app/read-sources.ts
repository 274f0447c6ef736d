// Read sources (src/exports/read-source.ts) made from the store: one for a version of the read model,
// one for the log alone (the journal from the command line, which needs no read model: a replay of
// a million events would cost it ten seconds for nothing).
import { InvalidCommandError } from '../domain/errors.ts';
import { programmeStream, serviceStream } from '../domain/events.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import { ledgerProjection, type LedgerState } from '../read-model/ledger.ts';
import { replay, type Checkpoint } from '../read-model/runner.ts';
import type { ReadSource } from '../exports/read-source.ts';
import type { EventStore, RecordedEvent } from '../store/port.ts';
import type { SignedCheckpoint } from '../store/checkpoints.ts';
import { checkpointsUpTo } from './checkpoint-signer.ts';

/** The position and hash an as-of names: refused beyond the head, so the same as-of always means the same figures. */
export async function resolveAsOf(store: EventStore, asOf: number | undefined): Promise<{ position: number; headHash: string }> {
  const head = await store.head();
  if (asOf === undefined) return { position: head.position, headHash: head.hash };
  if (asOf > head.position) throw new InvalidCommandError(`la position ${asOf} est au-delà de la dernière position du journal (${head.position})`, [{ path: 'asOf', message: `au plus ${head.position}` }]);
  const at = await store.head(asOf);
  return { position: at.position, headHash: at.hash };
}

/** A source over one version of the read model, and the log cut at the same position. */
export function versionSource(store: EventStore, version: Readonly<Checkpoint<LedgerState>>): ReadSource {
  return {
    position: version.position,
    headHash: version.hash,
    ledger: () => Promise.resolve(version.state),
    programmeName: (programmeId) => Promise.resolve(version.state.programmes.get(programmeId)?.name),
    logPages: (pageSize) => logPages(store, version.position, pageSize),
    latestCheckpoint: () => latestCheckpoint(store, version.position),
    serviceEvents: (programmeId) => serviceEventsUpTo(store, programmeId, version.position),
  };
}

/** A source over the log up to `asOf` (default: the head); its read model is replayed only if asked for. */
export async function logSource(store: EventStore, asOf?: number): Promise<ReadSource> {
  const { position, headHash } = await resolveAsOf(store, asOf);
  let ledger: Promise<LedgerState> | undefined;
  return {
    position,
    headHash,
    ledger: () => (ledger ??= replay(store, ledgerProjection, { to: position }).then((c) => c.state)),
    programmeName: (programmeId) => programmeNameAt(store, programmeId, position),
    logPages: (pageSize) => logPages(store, position, pageSize),
    latestCheckpoint: () => latestCheckpoint(store, position),
    serviceEvents: (programmeId) => serviceEventsUpTo(store, programmeId, position),
  };
}

/** A programme's service stream, cut at `position` (issue 15). */
async function serviceEventsUpTo(store: EventStore, programmeId: string, position: number): Promise<readonly RecordedEvent[]> {
  const stream = await store.readStream(serviceStream(programmeId));
  return stream.events.filter((e) => e.position <= position);
}

/** The last checkpoint whose own event is at or before `position`: the same one for a stamp and its reproduction. */
async function latestCheckpoint(store: EventStore, position: number): Promise<SignedCheckpoint | undefined> {
  const held = await checkpointsUpTo(store, position);
  return held[held.length - 1]?.checkpoint;
}

async function* logPages(store: EventStore, position: number, pageSize: number): AsyncIterable<readonly RecordedEvent[]> {
  if (position === 0) return;
  yield* store.readPages({ from: 1, to: position, batchSize: pageSize });
}

/** The programme's name as opened, provided it was opened at or before `position`. */
async function programmeNameAt(store: EventStore, programmeId: string, position: number): Promise<string | undefined> {
  const stream = await store.readStream(programmeStream(programmeId));
  const opened = stream.events[0];
  if (!opened || opened.position > position) return undefined;
  const event = toDomainEvent(opened.type, opened.schemaVersion, opened.data);
  return event.type === 'ProgrammeOpened' ? event.data.name : programmeId;
}
