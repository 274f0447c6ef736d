// A map that read-model versions share: copy-on-write by shard.
//
// Why: a reader holds one version of the read model while the live projection goes on folding new
// events (an export takes seconds, and partners keep recording). Copying a map of 600,000
// contributions for every new version would cost more than the write; mutating it in place would
// change what the reader holds. So the entries are spread over a fixed number of shards (native
// Maps, picked by a hash of the key). `fork()` gives the next draft its own shard table that
// points to the same shards; the draft copies a shard the first time it changes it (about
// size/shards entries) and then changes its copy in place. A published version is never written
// again, so what a reader holds never moves, and it pins only the shards that changed since.
//
// A replay that nobody reads while it runs never forks: every shard is its own, and each change
// costs one hash of the key more than a plain Map.
//
// Order: iteration is by shard, then by insertion within a shard; the same operations in the same
// order give the same order. Code that needs an order (recording order, id order) keeps its own.

/** A read-only layer under the shards (a snapshot's contributions): looked up when no shard has the key. */
export interface MapBase<K, V> {
  readonly size: number;
  has(key: K): boolean;
  get(key: K): V | undefined;
  keys(): Iterable<K>;
}

export class CowMap<K extends string, V> implements Iterable<[K, V]> {
  private shards: (Map<K, V> | undefined)[];
  /** Which shards this instance (the draft) has copied and may change in place. Bookkeeping, not content. */
  readonly #owned: Uint8Array;
  private count: number;

  constructor(
    private readonly shardCount = 256,
    private readonly base?: MapBase<K, V>,
  ) {
    this.shards = new Array(shardCount).fill(undefined);
    this.#owned = new Uint8Array(shardCount).fill(1);
    this.count = base?.size ?? 0;
  }

  /** The next draft: shares every shard, owns none. O(shards). */
  fork(): CowMap<K, V> {
    const next = new CowMap<K, V>(this.shardCount, this.base);
    next.shards = this.shards.slice();
    next.#owned.fill(0);
    next.count = this.count;
    return next;
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const value = this.shards[shardOf(key, this.shardCount)]?.get(key);
    // Values are never undefined: a miss in the shard falls through to the base.
    return value !== undefined ? value : this.base?.get(key);
  }

  has(key: K): boolean {
    return this.shards[shardOf(key, this.shardCount)]?.has(key) === true || this.base?.has(key) === true;
  }

  set(key: K, value: V): void {
    const i = shardOf(key, this.shardCount);
    const shard = this.ownShard(i);
    if (!shard.has(key) && !(this.base?.has(key) ?? false)) this.count += 1;
    shard.set(key, value);
  }

  /** Deletes a key held by a shard; a map over a base never deletes (the contributions never do). */
  delete(key: K): boolean {
    if (this.base !== undefined) throw new Error('a map over a base layer cannot delete');
    const i = shardOf(key, this.shardCount);
    if (this.shards[i]?.has(key) !== true) return false;
    this.ownShard(i).delete(key);
    this.count -= 1;
    return true;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this) yield value;
  }

  *[Symbol.iterator](): IterableIterator<[K, V]> {
    if (this.base !== undefined) {
      for (const key of this.base.keys()) {
        if (this.shards[shardOf(key, this.shardCount)]?.has(key) === true) continue;
        yield [key, this.base.get(key)!];
      }
    }
    for (const shard of this.shards) if (shard !== undefined) yield* shard;
  }

  private ownShard(i: number): Map<K, V> {
    let shard = this.shards[i];
    if (this.#owned[i] === 1 && shard !== undefined) return shard;
    shard = shard === undefined ? new Map() : new Map(shard);
    this.shards[i] = shard;
    this.#owned[i] = 1;
    return shard;
  }
}

/** FNV-1a over the key's UTF-16 code units: cheap, and the same in every process. */
function shardOf(key: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shardCount;
}
