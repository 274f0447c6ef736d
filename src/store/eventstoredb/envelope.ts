// How one of our events is written to EventStoreDB and read back. EventStoreDB keeps a stream, a
// type, a UUID, JSON data, a revision (0-based) and free custom metadata per event; everything else
// the port needs travels in that metadata, under one `socle` envelope so it never mixes with keys
// other tools may use:
//
//   custom metadata = { socle: 1, eventId, schemaVersion, recordedAt, metadata }
//
// - eventId: our id as given. EventStoreDB needs a UUID, so its own event id is derived from ours
//   (UUID v5 over the stream prefix and our id): deterministic, so a resent append carries the same
//   UUID and EventStoreDB's own duplicate check can recognise it too.
// - recordedAt: from our injected clock, not EventStoreDB's `created` stamp, because the hash chain
//   and log exports need the instant we chose (and an import must keep the source's instants).
// - streamVersion is not stored: it is the revision + 1. Position and hash are not stored either:
//   they depend on the whole $all order and are computed by the log index (log-index.ts).
import { createHash } from 'node:crypto';
import type { AllStreamRecordedEvent, EventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata } from '../port.ts';

/** Marks our envelope, and its format version should it ever change. */
const ENVELOPE_VERSION = 1;

/** Our UUID v5 namespace for event ids (a random UUID, fixed forever: changing it breaks idempotency). */
const SOCLE_ID_NAMESPACE = 'def597a9-87aa-40f8-8ef9-f7b23e22cc0d';

export interface Envelope {
  socle: typeof ENVELOPE_VERSION;
  eventId: string;
  schemaVersion: number;
  recordedAt: string;
  metadata: EventMetadata;
}

/** One of our events as decoded from EventStoreDB, before the index gives it a position and hash. */
export interface DecodedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  /** Our stream name (the EventStoreDB name without the store's prefix). */
  stream: string;
  streamVersion: number;
  recordedAt: string;
}

/** What the events to write carry, already normalized (canonical, checked) by the caller. */
export interface EventToWrite {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
}

export function toEventData(prefix: string, event: EventToWrite): EventData {
  const envelope: Envelope = {
    socle: ENVELOPE_VERSION,
    eventId: event.id,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    metadata: event.metadata,
  };
  // The client JSON-encodes data; ours is already plain JSON (normalizeEvent parsed it back from
  // its canonical text), so it reads back equal.
  return {
    id: esdbEventId(prefix, event.id),
    contentType: 'application/json',
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: envelope as unknown as Record<string, unknown>,
  } as EventData;
}

/** EventStoreDB's UUID for one of our ids: RFC 4122 version 5 (SHA-1, name-based). */
export function esdbEventId(prefix: string, id: string): string {
  const namespace = Buffer.from(SOCLE_ID_NAMESPACE.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(`${prefix}\u0000${id}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * EventStoreDB's own events ($-prefixed streams such as $settings or $scavenges, $-prefixed types
 * such as $metadata) are not part of our log.
 */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** Whether an event of $all belongs to this store's log (see EventStoreDbStoreOptions.streamPrefix). */
export function belongsToLog(prefix: string, event: { streamId: string; type: string }): boolean {
  return !isSystemEvent(event) && event.streamId.startsWith(prefix);
}

/** Decode an event of this store's log; throws if it was not written by Socle. */
export function decodeEvent(prefix: string, event: EsdbRecordedEvent | AllStreamRecordedEvent): DecodedEvent {
  const envelope = event.metadata as Partial<Envelope> | undefined;
  if (
    !event.isJson ||
    typeof envelope !== 'object' ||
    envelope === null ||
    envelope.socle !== ENVELOPE_VERSION ||
    typeof envelope.eventId !== 'string' ||
    typeof envelope.schemaVersion !== 'number' ||
    typeof envelope.recordedAt !== 'string' ||
    typeof envelope.metadata !== 'object' ||
    envelope.metadata === null
  ) {
    throw new Error(
      `event ${event.id} of stream ${event.streamId} was not written by Socle: the EventStoreDB database ` +
        '(or the stream prefix) must hold nothing but Socle events',
    );
  }
  return {
    id: envelope.eventId,
    type: event.type,
    schemaVersion: envelope.schemaVersion,
    data: event.data,
    metadata: envelope.metadata,
    stream: event.streamId.slice(prefix.length),
    streamVersion: Number(event.revision) + 1,
    recordedAt: envelope.recordedAt,
  };
}
