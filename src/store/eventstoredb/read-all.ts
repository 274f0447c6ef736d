// Reading EventStoreDB's $all in bounded pages. Every reader of the log (the index catching up,
// readAll, verify, reading back one stored event) goes through scanAll, so paging is written once.
//
// The client's readAll has no server-side filter, so system events come over the wire and the
// callers drop them (belongsToLog); with EventStoreDB's own projections off, as our compose file
// runs it, they are a handful. A forward read from a position may or may not include the event at
// that position depending on the server version, so pages restart at the last event seen and skip
// everything up to it: correct either way, at the cost of one repeated event per page.
import { START, type AllStreamRecordedEvent, type EventStoreDBClient, type Position, type StreamingRead } from '@eventstore/db-client';

/** Order of two $all positions: commit position first, then prepare position. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * Every event of $all after `after` (exclusive; undefined: from the start), in $all order, read in
 * pages of `pageSize`. Stops at the end of $all as it is when each page is read. Breaking out of the
 * loop cancels the read in flight.
 */
export async function* scanAll(client: EventStoreDBClient, after: Position | undefined, pageSize: number): AsyncGenerator<AllStreamRecordedEvent> {
  let last = after;
  for (;;) {
    // One more than the page size, for the repeated event when the read includes its start.
    const maxCount = pageSize + 1;
    let received = 0;
    for await (const resolved of items(client.readAll({ fromPosition: last ?? START, maxCount }))) {
      received += 1;
      const event = resolved.event;
      if (!event) continue;
      if (last && comparePositions(event.position, last) <= 0) continue;
      last = event.position;
      yield event;
    }
    if (received < maxCount) return;
  }
}

/**
 * The items of one of the client's reads. Leaving the loop early (a consumer that has what it
 * wanted, or an error) cancels the gRPC call and drains what it already received: a read stream
 * merely dropped half-read keeps its gRPC call open, and the client's dispose() then waits for it
 * forever.
 */
export async function* items<T>(read: StreamingRead<T>): AsyncGenerator<T> {
  let done = false;
  try {
    for await (const item of read.iterator({ destroyOnReturn: false }) as AsyncIterable<T>) yield item;
    done = true;
  } finally {
    if (!done) {
      read.resume();
      await read.cancel().catch(() => {});
    }
  }
}
