// The chain hash of a stored row, computed from its data and metadata already in canonical JSON,
// so an append canonicalizes each event's data once instead of twice and verify() does not parse
// and re-serialize every row. It equals chainHash() of hash-chain.ts (the definition) whenever the
// texts are canonical: RFC 8785 writes an object's members sorted by key (the order below), strings
// as JSON.stringify does, and integers as plain digits. test/store/row-hash.test.ts checks the
// equality on arbitrary events.
import * as crypto from 'node:crypto';
import type { StoredRow } from './stored-row.ts';

// sha256 over one string in one call (crypto.hash, Node.js 20.12 and later): a batched append hashes
// every event, and a Hash object with two updates and a digest costs about half as much again.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function rowHash(previousHash: string, row: Omit<StoredRow, 'hash'>): string {
  return sha256Hex(
    `${previousHash}{"data":${row.data},"id":${quote(row.id)},"metadata":${row.metadata},"position":${row.position}` +
      `,"recordedAt":${quote(row.recordedAt)},"schemaVersion":${row.schemaVersion},"stream":${quote(row.stream)}` +
      `,"streamVersion":${row.streamVersion},"type":${quote(row.type)}}`,
  );
}

// Names, ids and timestamps rarely hold a character JSON escapes: those are written as they are.
const NEEDS_ESCAPE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
