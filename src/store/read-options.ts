// The options of a read of the whole log, checked the same way by every adapter.
import { checkPositiveInteger } from './stored-row.ts';
import type { ReadAllOptions, RecordedEvent } from './port.ts';

/** Upper bound on a page: bounds the memory one read holds. */
export const MAX_READ_BATCH_SIZE = 10_000;
export const DEFAULT_READ_BATCH_SIZE = 1000;

export function checkReadAllOptions(options: ReadAllOptions): { from: number; batchSize: number } {
  const from = options.from ?? 1;
  const batchSize = options.batchSize ?? DEFAULT_READ_BATCH_SIZE;
  checkPositiveInteger(from, 'from');
  checkPositiveInteger(batchSize, 'batchSize');
  if (batchSize > MAX_READ_BATCH_SIZE) throw new RangeError(`batchSize is at most ${MAX_READ_BATCH_SIZE}`);
  if (options.to !== undefined && (!Number.isSafeInteger(options.to) || options.to < 0)) {
    throw new RangeError('to must be a non-negative integer');
  }
  return { from, batchSize };
}

/** Groups a stream of events into pages of at most `size`, for adapters that read one at a time. */
export async function* inPages<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** readAll from readPages: the same read, one event at a time (the pages are read when iterated). */
export function eventsOfPages(pages: AsyncIterable<readonly RecordedEvent[]>): AsyncIterable<RecordedEvent> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const page of pages) yield* page;
    },
  };
}
