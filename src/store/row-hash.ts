// The chain hash of a stored row, computed from its data and metadata already in canonical JSON,
// so an append canonicalizes each event's data once instead of twice and verify() does not parse
// and re-serialize every row. It equals chainHash() of hash-chain.ts (the definition) whenever the
// texts are canonical: RFC 8785 writes an object's members sorted by key (the order below), strings
// as JSON.stringify does, and integers as plain digits. test/store/row-hash.test.ts checks the
// equality on arbitrary events.
import { createHash } from 'node:crypto';
import type { StoredRow } from './stored-row.ts';

export function rowHash(previousHash: string, row: Omit<StoredRow, 'hash'>): string {
  const canonical =
    `{"data":${row.data},"id":${JSON.stringify(row.id)},"metadata":${row.metadata},"position":${row.position}` +
    `,"recordedAt":${JSON.stringify(row.recordedAt)},"schemaVersion":${row.schemaVersion},"stream":${JSON.stringify(row.stream)}` +
    `,"streamVersion":${row.streamVersion},"type":${JSON.stringify(row.type)}}`;
  return createHash('sha256').update(previousHash).update(canonical).digest('hex');
}
