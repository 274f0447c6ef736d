// The checks and mappings the EventStoreDB store applies before anything reaches the server: our
// events in canonical form, names EventStoreDB keeps for itself, and our expected versions (1-based,
// 0 = no stream) as EventStoreDB's expected revisions (0-based).
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision } from '@eventstore/db-client';
import type { EventMetadata, ExpectedStreamVersion, NewEvent } from '../port.ts';
import { checkName, normalizeEvents } from '../stored-row.ts';
import type { EventToWrite } from './envelope.ts';

/** A new event checked and in canonical form: data and metadata parsed back from their canonical JSON. */
export type CheckedEvent = Omit<EventToWrite, 'recordedAt'>;

export function checkEvents(events: NewEvent[]): CheckedEvent[] {
  return normalizeEvents(events).map((event) => {
    // EventStoreDB keeps $-prefixed types for itself, and they are not part of the log.
    if (event.type.startsWith('$')) throw new TypeError(`type of event ${event.id} must not start with $ (EventStoreDB system events)`);
    return {
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: JSON.parse(event.dataJson) as unknown,
      metadata: JSON.parse(event.metadataJson) as EventMetadata,
    };
  });
}

export function checkStreamName(value: unknown, what = 'stream'): string {
  const name = checkName(value, what);
  // EventStoreDB keeps $-prefixed streams for itself, and they are not part of the log.
  if (name.startsWith('$')) throw new TypeError(`${what} must not start with $ (EventStoreDB system streams)`);
  return name;
}

export function checkExpectedShape(expected: ExpectedStreamVersion): void {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < 0) throw new TypeError('expectedStreamVersion must be a non-negative integer');
  } else if (expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists') {
    throw new TypeError(`unknown expectedStreamVersion ${String(expected)}`);
  }
}

export function expectedHolds(expected: ExpectedStreamVersion, current: number): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && current === 0) ||
    (expected === 'stream_exists' && current > 0) ||
    expected === current
  );
}

/** Our expected version (1-based, 0 = no stream) as EventStoreDB's expected revision (0-based). */
export function toExpectedRevision(expected: ExpectedStreamVersion): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
}

/** EventStoreDB's current revision (or no_stream) as our stream version. */
export function versionOf(revision: bigint | string): number {
  return typeof revision === 'bigint' ? Number(revision) + 1 : 0;
}
