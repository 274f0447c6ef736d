// The rules of an append and of a log import, as pure functions over what the store read inside
// its transaction (the stored rows with the event ids, the stream's version, the last row): they
// decide the rows to insert, or throw, and write nothing. The embedded stores (log-store.ts) answer
// those reads synchronously; PostgreSQL (postgres.ts) reads them first and hands them in. Both thus
// share exactly one definition of optimistic concurrency, idempotency by id, gap-free positions and
// the hash chain.
import { chainHash, GENESIS_HASH, sameEventContent } from './hash-chain.ts';
import { rowHash } from './row-hash.ts';
import {
  DamagedEventError,
  EventIdConflictError,
  ImportError,
  VersionConflictError,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type ExpectedStreamVersion,
  type Head,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
  type VerifyResult,
  MAX_EVENTS_PER_APPEND,
} from './port.ts';
import { MAX_GROUP_APPENDS, MAX_GROUP_EVENTS } from './group-commit.ts';
import { checkImportedFields, checkImportedPlace, checkName, normalizeEvent, normalizeEvents, toRecordedEvent, type NormalizedEvent, type StoredRow } from './stored-row.ts';

/** What an append reads inside its transaction; each is called at most once, and only when needed. */
export interface AppendView {
  /** The stored rows whose ids are among the append's (only those found). */
  storedWithIds(): StoredRow[];
  /** The stream's current version, 0 when it has no event. */
  streamVersion(): number;
  lastRow(): StoredRow | undefined;
  /** The clock, as an ISO instant. */
  now(): string;
}

export function planAppend(stream: string, normalized: NormalizedEvent[], expected: ExpectedStreamVersion, view: AppendView): { result: AppendResult; rows: StoredRow[] } {
  const found = normalized.length === 0 ? [] : view.storedWithIds();
  if (found.length > 0) {
    const byId = new Map<string, StoredRow>();
    for (const row of found) byId.set(row.id, row);
    const stored = normalized.map((event) => byId.get(event.id));
    // A retry of an append that was stored already: answer as the first time, write nothing.
    for (const [i, row] of stored.entries()) {
      const event = normalized[i]!;
      const asked = { stream, type: event.type, schemaVersion: event.schemaVersion, data: JSON.parse(event.dataJson) as unknown };
      if (row === undefined || !sameEventContent(storedContent(row), asked)) {
        throw new EventIdConflictError(row === undefined ? firstStoredId(stored) : event.id);
      }
    }
    const rows = stored as StoredRow[];
    return {
      result: {
        nextExpectedStreamVersion: Math.max(...rows.map((row) => row.streamVersion)),
        lastPosition: Math.max(...rows.map((row) => row.position)),
        alreadyStored: true,
      },
      rows: [],
    };
  }
  const current = view.streamVersion();
  checkExpectedVersion(stream, expected, current);
  const last = view.lastRow();
  let position = last?.position ?? 0;
  let previousHash = last?.hash ?? GENESIS_HASH;
  if (normalized.length === 0) {
    return { result: { nextExpectedStreamVersion: current, lastPosition: position, alreadyStored: false }, rows: [] };
  }
  // Taken inside the transaction, and never earlier than the previous event's, so recordedAt
  // follows position even with several writers or a clock stepped back.
  let recordedAt = view.now();
  if (last && last.recordedAt > recordedAt) recordedAt = last.recordedAt;
  let streamVersion = current;
  const rows: StoredRow[] = [];
  for (const event of normalized) {
    position += 1;
    streamVersion += 1;
    // One object per event: the hash is filled in once the row it covers is complete.
    const row: StoredRow = {
      position,
      id: event.id,
      stream,
      streamVersion,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.dataJson,
      metadata: event.metadataJson,
      recordedAt,
      hash: '',
    };
    row.hash = previousHash = rowHash(previousHash, row);
    rows.push(row);
  }
  return { result: { nextExpectedStreamVersion: streamVersion, lastPosition: position, alreadyStored: false }, rows };
}

/** One append of an appendMany, its arguments checked and its events normalized (checkedAppends). */
export interface CheckedAppend {
  stream: string;
  expected: ExpectedStreamVersion;
  normalized: NormalizedEvent[];
}

/** What appendMany reads inside its transaction, for all its appends at once (one query each on PostgreSQL). */
export interface AppendManyView {
  /** The stored rows whose ids are among these (only those found). */
  storedWithIds(ids: string[]): StoredRow[];
  /** The current version of each of these streams that has events (absent: 0). */
  streamVersions(streams: string[]): Map<string, number>;
  lastRow(): StoredRow | undefined;
  now(): string;
}

/**
 * planAppend over each append in order, each seeing the rows the ones before it planned (as in one
 * transaction, where each append reads what the previous wrote): the rows of all of them, or the
 * first refusal thrown, nothing planned. The same outcome as the embedded stores' appendMany, which
 * runs appendToStream's reads one append after the other inside its transaction.
 */
export function planAppends(appends: readonly CheckedAppend[], view: AppendManyView): { results: AppendResult[]; rows: StoredRow[] } {
  const ids = appends.flatMap((append) => append.normalized.map((event) => event.id));
  const byId = new Map<string, StoredRow>();
  if (ids.length > 0) for (const row of view.storedWithIds(ids)) byId.set(row.id, row);
  const versions = view.streamVersions([...new Set(appends.map((append) => append.stream))]);
  let last = view.lastRow();
  const results: AppendResult[] = [];
  const rows: StoredRow[] = [];
  for (const { stream, expected, normalized } of appends) {
    const planned = planAppend(stream, normalized, expected, {
      storedWithIds: () => normalized.flatMap((event) => byId.get(event.id) ?? []),
      streamVersion: () => versions.get(stream) ?? 0,
      lastRow: () => last,
      now: view.now,
    });
    for (const row of planned.rows) {
      byId.set(row.id, row);
      rows.push(row);
      last = row;
    }
    if (planned.rows.length > 0) versions.set(stream, planned.result.nextExpectedStreamVersion);
    results.push(planned.result);
  }
  return { results, rows };
}

/** What an import reads inside its transaction. */
export interface ImportView {
  lastRow(): StoredRow | undefined;
  isStored(id: string): boolean;
  /** The stream's version before the import, 0 when it has no event. */
  streamVersion(stream: string): number;
}

export function planImport(events: RecordedEvent[], view: ImportView): { head: Head; rows: StoredRow[] } {
  const last = view.lastRow();
  let position = last?.position ?? 0;
  let previousHash = last?.hash ?? GENESIS_HASH;
  const versions = new Map<string, number>();
  const ids = new Set<string>();
  const rows: StoredRow[] = [];
  for (const event of events) {
    const expectedPosition = position + 1;
    checkImportedPlace(event, expectedPosition);
    let normalized;
    let stream: string;
    try {
      normalized = normalizeEvent(event);
      stream = checkName(event.stream, `stream of event ${event.id}`);
      checkImportedFields(event);
    } catch (error) {
      throw new ImportError(`event at position ${expectedPosition}: ${(error as Error).message}`);
    }
    if (ids.has(normalized.id) || view.isStored(normalized.id)) {
      throw new ImportError(`event id ${normalized.id} at position ${expectedPosition} is already in the log`);
    }
    ids.add(normalized.id);
    const streamVersion = (versions.get(stream) ?? view.streamVersion(stream)) + 1;
    if (event.streamVersion !== streamVersion) {
      throw new ImportError(`event at position ${expectedPosition} has version ${event.streamVersion} of ${stream}, expected ${streamVersion}`);
    }
    versions.set(stream, streamVersion);
    const row = {
      position: expectedPosition,
      id: normalized.id,
      stream,
      streamVersion,
      type: normalized.type,
      schemaVersion: normalized.schemaVersion,
      data: normalized.dataJson,
      metadata: normalized.metadataJson,
      recordedAt: event.recordedAt,
    };
    const hash = rowHash(previousHash, row);
    if (hash !== event.hash) {
      throw new ImportError(`event at position ${expectedPosition} does not match the hash chain`);
    }
    rows.push({ ...row, hash });
    position = expectedPosition;
    previousHash = hash;
  }
  return { head: { position, hash: previousHash }, rows };
}

/** A stored row as an event; a row whose JSON no longer parses names its position (DamagedEventError). */
export function readableEvent(row: StoredRow): RecordedEvent {
  try {
    return toRecordedEvent(row);
  } catch (error) {
    throw new DamagedEventError(row.position, error);
  }
}

function storedContent(row: StoredRow) {
  return { stream: row.stream, type: row.type, schemaVersion: row.schemaVersion, data: JSON.parse(row.data) as unknown };
}

function firstStoredId(stored: (StoredRow | undefined)[]): string {
  return stored.find((row) => row !== undefined)!.id;
}

export function checkExpectedShape(expected: ExpectedStreamVersion): void {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < 0) throw new TypeError('expectedStreamVersion must be a non-negative integer');
  } else if (expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists') {
    throw new TypeError(`unknown expectedStreamVersion ${String(expected)}`);
  }
}

function checkExpectedVersion(stream: string, expected: ExpectedStreamVersion, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === 0) ||
    (expected === 'stream_exists' && current > 0) ||
    expected === current;
  if (!ok) throw new VersionConflictError(stream, expected, current);
}

/**
 * `verify`'s walk over the stored rows, in position order, one at a time: counts them, keeps the
 * head hash, and names the first position that does not match (a missing row: the first absent
 * position; a row whose hash does not chain: its own). Both store families feed it their pages.
 */
export class ChainCheck {
  private previousHash = GENESIS_HASH;
  private expectedPosition = 1;
  private events = 0;
  private headHash = GENESIS_HASH;
  private firstBadPosition: number | undefined;

  take(row: StoredRow): void {
    this.events += 1;
    this.headHash = row.hash;
    if (this.firstBadPosition !== undefined) return;
    if (row.position !== this.expectedPosition) this.firstBadPosition = this.expectedPosition;
    else if (!rowMatchesChain(this.previousHash, row)) this.firstBadPosition = row.position;
    this.previousHash = row.hash;
    this.expectedPosition = row.position + 1;
  }

  result(): VerifyResult {
    const { events, headHash, firstBadPosition } = this;
    return firstBadPosition === undefined ? { ok: true, events, headHash } : { ok: false, events, headHash, firstBadPosition };
  }
}

/** Whether a stored row's hash chains `previousHash`: the fast hash over the stored text, then the definition. */
export function rowMatchesChain(previousHash: string, row: StoredRow): boolean {
  // The fast hash covers the stored text; the definition (chainHash) decides for a row whose text
  // is valid but not in canonical form.
  return rowHash(previousHash, row) === row.hash || recomputeHash(previousHash, row) === row.hash;
}

/** The stored row's hash by the definition; a row whose JSON no longer parses cannot match. */
function recomputeHash(previousHash: string, row: StoredRow): string | undefined {
  let data: unknown;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(row.data);
    metadata = JSON.parse(row.metadata) as EventMetadata;
  } catch {
    return undefined;
  }
  return chainHash(previousHash, {
    position: row.position,
    stream: row.stream,
    streamVersion: row.streamVersion,
    id: row.id,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data,
    metadata,
    recordedAt: row.recordedAt,
  });
}

/** Validate the arguments of an append the same way in every store. */
export function checkAppendArguments(events: unknown, expected: ExpectedStreamVersion, maxEvents: number): void {
  if (!Array.isArray(events)) throw new TypeError('events must be an array');
  if (events.length > maxEvents) throw new RangeError(`an append holds at most ${maxEvents} events, got ${events.length}`);
  checkExpectedShape(expected);
}

/**
 * An append's arguments checked and its events normalized, the same in every store, before anything
 * is read: checked and serialized now, so a caller's error is its own and later changes to its
 * objects do not reach the log.
 */
export function checkedAppend(stream: string, events: NewEvent[], options: AppendOptions): { expected: ExpectedStreamVersion; normalized: NormalizedEvent[] } {
  checkName(stream, 'stream');
  const expected = options.expectedStreamVersion ?? 'any';
  checkAppendArguments(events, expected, MAX_EVENTS_PER_APPEND);
  const normalized = normalizeEvents(events);
  checkDistinctIds(normalized);
  return { expected, normalized };
}

/**
 * appendMany's arguments checked the same in every store, before anything is read: each append as
 * appendToStream checks it, at most MAX_GROUP_APPENDS appends and MAX_GROUP_EVENTS events in all.
 */
export function checkedAppends(appends: readonly StreamAppend[]): CheckedAppend[] {
  if (!Array.isArray(appends) || appends.length > MAX_GROUP_APPENDS) throw new TypeError(`appendMany takes an array of at most ${MAX_GROUP_APPENDS} appends`);
  const checked = appends.map((append) => ({ stream: append.stream, ...checkedAppend(append.stream, append.events, { expectedStreamVersion: append.expectedStreamVersion }) }));
  const events = checked.reduce((sum, append) => sum + append.normalized.length, 0);
  if (events > MAX_GROUP_EVENTS) throw new TypeError(`appendMany takes at most ${MAX_GROUP_EVENTS} events, got ${events}`);
  return checked;
}

/** The same id twice in one append is refused. */
export function checkDistinctIds(normalized: NormalizedEvent[]): void {
  if (normalized.length < 2) return;
  const ids = new Set<string>();
  for (const event of normalized) {
    if (ids.has(event.id)) throw new TypeError(`event id ${event.id} appears twice in one append`);
    ids.add(event.id);
  }
}
