// Time-ordered event ids (RFC 9562 UUIDv7): the store's unique index on event ids stays append-only,
// which keeps batched appends several times faster than with random UUIDv4 ids.
import { randomBytes } from 'node:crypto';

export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  // 48-bit big-endian milliseconds since the epoch.
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
