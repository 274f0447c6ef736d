// The shape both embedded backends (memory and SQLite) keep: a recorded event whose data and
// metadata are canonical JSON text. Keeping text, not objects, means every read hands out fresh
// objects (a caller mutating an event cannot change the log) and the memory store behaves exactly
// like the SQLite file.
import { canonicalJson } from './hash-chain.ts';
import { ImportError, type EventMetadata, type NewEvent, type RecordedEvent } from './port.ts';

export interface StoredRow {
  position: number;
  id: string;
  stream: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  /** Canonical JSON (RFC 8785). */
  data: string;
  /** Canonical JSON (RFC 8785). */
  metadata: string;
  recordedAt: string;
  hash: string;
}

/** A new event checked, with its data and metadata in canonical JSON. */
export interface NormalizedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  dataJson: string;
  metadataJson: string;
}

const MAX_NAME_LENGTH = 200;

// A lone UTF-16 surrogate has no canonical JSON (RFC 8785 refuses it), so it could not be hashed.
const LONE_SURROGATE = /\p{Cs}/u;

export function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH || LONE_SURROGATE.test(value)) {
    throw new TypeError(`${what} must be a non-empty, well-formed string of at most ${MAX_NAME_LENGTH} characters`);
  }
  return value;
}

export function checkPositiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${what} must be a positive integer`);
  }
  return value;
}

/**
 * The checks every adapter applies to an imported event before its content: it is an object at the
 * position where the log continues, with a positive stream version and an ISO 8601 `recordedAt`.
 * The place is an ImportError; field errors throw TypeError, which the caller words as an
 * ImportError at that position.
 */
export function checkImportedPlace(event: unknown, expectedPosition: number): void {
  if (typeof event !== 'object' || event === null) throw new ImportError(`event at ${expectedPosition} is not an object`);
  const e = event as { id?: unknown; position?: unknown };
  if (e.position !== expectedPosition) {
    throw new ImportError(`event ${String(e.id)} has position ${String(e.position)}, the log continues at ${expectedPosition}`);
  }
}

export function checkImportedFields(event: { id: string; streamVersion: unknown; recordedAt: unknown }): void {
  checkPositiveInteger(event.streamVersion, `streamVersion of event ${event.id}`);
  if (typeof event.recordedAt !== 'string' || !isIsoInstant(event.recordedAt)) {
    throw new TypeError(`recordedAt of event ${event.id} must be an ISO 8601 instant`);
  }
}

/** A positionAt instant: the one ISO form recordedAt has, so that comparing texts compares times. */
export function checkInstant(instant: unknown): string {
  if (typeof instant !== 'string' || !isIsoInstant(instant)) throw new TypeError('instant must be an ISO 8601 instant as toISOString writes it');
  return instant;
}

export function isIsoInstant(text: string): boolean {
  const time = Date.parse(text);
  return Number.isFinite(time) && new Date(time).toISOString() === text;
}

/**
 * Check a new event and bring its data and metadata to canonical JSON: what is stored and hashed,
 * and what a later read parses back (undefined fields dropped, Dates as ISO strings).
 */
export function normalizeEvent(event: NewEvent): NormalizedEvent {
  return normalizeEvents([event])[0]!;
}

const NOTHING_YET = Symbol('nothing yet');

/** normalizeEvent over the events of one append. */
export function normalizeEvents(events: NewEvent[]): NormalizedEvent[] {
  const normalized: NormalizedEvent[] = [];
  // The events of one command usually share one metadata object, and a batch one type: each is
  // serialized or checked once.
  let previousMetadata: unknown = NOTHING_YET;
  let previousMetadataJson = '';
  let checkedType: unknown = NOTHING_YET;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (typeof event !== 'object' || event === null) throw new TypeError('an event must be an object');
    const id = checkName(event.id, 'event id');
    const type = event.type === checkedType ? (checkedType as string) : checkName(event.type, `type of event ${id}`);
    checkedType = type;
    const schemaVersion = checkPositiveInteger(event.schemaVersion, `schemaVersion of event ${id}`);
    const metadata: unknown = event.metadata;
    if (metadata !== previousMetadata) {
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
        throw new TypeError(`metadata of event ${id} must be an object`);
      }
      const { actor, role } = metadata as Partial<EventMetadata>;
      if (typeof actor !== 'string' || typeof role !== 'string') {
        throw new TypeError(`metadata of event ${id} needs an actor and a role`);
      }
      previousMetadataJson = canonicalJsonOf(metadata, `metadata of event ${id}`);
      previousMetadata = metadata;
    }
    normalized.push({ id, type, schemaVersion, dataJson: canonicalJsonOf(event.data, `data of event ${id}`), metadataJson: previousMetadataJson });
  }
  return normalized;
}

function canonicalJsonOf(value: unknown, what: string): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    throw new TypeError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

export function toRecordedEvent(row: StoredRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    stream: row.stream,
    streamVersion: row.streamVersion,
    position: row.position,
    recordedAt: row.recordedAt,
    hash: row.hash,
  };
}
