// An append-only list of ids that read-model versions share (a programme's contributions in the
// order they were recorded).
//
// Why chunks: a version captures the list as it was; the next draft appends. The ids live in
// chunks of CHUNK; a fork copies the table of chunks (length/CHUNK pointers), and the first append
// of a draft copies the last, partly filled chunk (at most CHUNK ids) before writing into it. So a
// reader's version never grows under it, and an append costs O(1) amortised.
//
// A snapshot's ids come first as a lazy base: they are read (which parses the snapshot's ids) only
// when someone walks the list, not when a process starts and answers totals.

const CHUNK = 1024;

export class IdList implements Iterable<string> {
  private chunks: string[][];
  /** Whether the last chunk is this draft's own copy. Bookkeeping, not content. */
  #ownsLast: boolean;
  private added: number;

  constructor(
    /** Ids before the first chunk (a snapshot's), built on first read. */
    private readonly base?: { readonly length: number; ids(): readonly string[] },
  ) {
    this.chunks = [];
    this.#ownsLast = true;
    this.added = 0;
  }

  /** The next draft: shares every chunk; its first append copies the last one. */
  fork(): IdList {
    const next = new IdList(this.base);
    next.chunks = this.chunks.slice();
    next.#ownsLast = false;
    next.added = this.added;
    return next;
  }

  get length(): number {
    return (this.base?.length ?? 0) + this.added;
  }

  push(id: string): void {
    const last = this.chunks.length - 1;
    if (last < 0 || this.chunks[last]!.length === CHUNK) {
      this.chunks.push([id]);
    } else {
      if (!this.#ownsLast) this.chunks[last] = this.chunks[last]!.slice();
      this.chunks[last]!.push(id);
    }
    this.#ownsLast = true;
    this.added += 1;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    if (this.base !== undefined) yield* this.base.ids();
    for (const chunk of this.chunks) yield* chunk;
  }
}
