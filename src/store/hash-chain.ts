// Tamper evidence: each event's hash is sha256(previous hash ‖ canonical JSON of the event), the
// first previous hash being 64 zeros (architecture.md). Canonical JSON is RFC 8785 (JCS), so the
// same event hashes the same in every adapter and after a log export/import.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { RecordedEvent } from './port.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The part of a recorded event that the hash covers: everything but the hash itself. */
export function hashedContent(event: Omit<RecordedEvent, 'hash'>) {
  return {
    position: event.position,
    stream: event.stream,
    streamVersion: event.streamVersion,
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}

export { canonicalJson };

export function chainHash(previousHash: string, event: Omit<RecordedEvent, 'hash'>): string {
  return createHash('sha256').update(previousHash).update(canonicalJson(hashedContent(event))).digest('hex');
}

/** Content equality for idempotent appends: same stream, type, version and data. Metadata may differ (a retry has a new request id). */
export function sameEventContent(
  a: { stream: string; type: string; schemaVersion: number; data: unknown },
  b: { stream: string; type: string; schemaVersion: number; data: unknown },
): boolean {
  return a.stream === b.stream && a.type === b.type && a.schemaVersion === b.schemaVersion && canonicalJson(a.data) === canonicalJson(b.data);
}
