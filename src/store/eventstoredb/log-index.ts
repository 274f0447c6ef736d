// The log index: what the port promises but EventStoreDB does not store beside each event.
//
// Our log is $all in $all order, without EventStoreDB's system events (and, with a stream prefix,
// without other logs' streams). Its positions are ordinals 1..n in that order, and its hash chain
// (architecture.md) runs over it: hash(n) = sha256(hash(n - 1) ‖ canonical JSON of event n). Neither
// can be written with the event: an event's ordinal is only known once EventStoreDB has committed it
// among every other writer's events, and events are immutable afterwards. So each process keeps this
// index in memory, built by reading $all from the start when the store is first used and extended
// by reading on from the last $all position seen (catchUp) whenever a caller needs the head.
// Every process computes the same ordinals and hashes from the same $all, so two app instances
// agree without talking to each other.
//
// Per event it keeps the $all position (2 x 8 bytes), the hash (32 bytes) and the event id in a Map
// (for idempotent appends): about 150 bytes, so a million events take about 150 MB of memory, and a
// start-up reads and hashes the whole log once. Bodies are not kept: reads fetch them from
// EventStoreDB and take the position and hash from here.
import type { EventStoreDBClient, Position } from '@eventstore/db-client';
import { chainHash, GENESIS_HASH } from '../hash-chain.ts';
import { belongsToLog, decodeEvent } from './envelope.ts';
import { comparePositions, scanAll } from './read-all.ts';

const PAGE_SIZE = 1000;
const INITIAL_CAPACITY = 1024;

export class LogIndex {
  #commits = new BigUint64Array(INITIAL_CAPACITY);
  #prepares = new BigUint64Array(INITIAL_CAPACITY);
  #hashes = Buffer.alloc(INITIAL_CAPACITY * 32);
  /** Each event's recordedAt in epoch milliseconds (8 bytes an event), for positionAt. */
  #times = new Float64Array(INITIAL_CAPACITY);
  readonly #ids = new Map<string, number>();
  #length = 0;
  #lastRecordedAt = '';
  /** The last $all position read, ours or not: the next catch-up reads after it. */
  #lastSeen: Position | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
  ) {}

  /** Number of events in the log as last read: the head position. */
  get length(): number {
    return this.#length;
  }

  /** recordedAt of the last event, '' for an empty log. */
  get lastRecordedAt(): string {
    return this.#lastRecordedAt;
  }

  /** The hash right after `ordinal` (0: the genesis hash). */
  hashAt(ordinal: number): string {
    this.#check(ordinal);
    return ordinal === 0 ? GENESIS_HASH : this.#hashes.toString('hex', (ordinal - 1) * 32, ordinal * 32);
  }

  /** The last ordinal whose recordedAt is at or before `instant` (0: none), walking down from the head. */
  lastAtOrBefore(instant: string): number {
    const time = Date.parse(instant);
    for (let ordinal = this.#length; ordinal > 0; ordinal--) if (this.#times[ordinal - 1]! <= time) return ordinal;
    return 0;
  }

  /** The $all position of event `ordinal`; undefined for 0 (before the first event). */
  positionOf(ordinal: number): Position | undefined {
    this.#check(ordinal);
    if (ordinal === 0) return undefined;
    return { commit: this.#commits[ordinal - 1]!, prepare: this.#prepares[ordinal - 1]! };
  }

  /** The ordinal of the event at this $all position, if the index has it. */
  ordinalAt(position: Position): number | undefined {
    let low = 0;
    let high = this.#length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = comparePositions({ commit: this.#commits[middle]!, prepare: this.#prepares[middle]! }, position);
      if (order === 0) return middle + 1;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** The ordinal of the first event with this id, if the index has it. */
  ordinalOfId(id: string): number | undefined {
    return this.#ids.get(id);
  }

  /**
   * Read $all from the last position seen to its current end. A call made while a catch-up runs
   * waits for it and then runs one more (shared by every such caller), because the running one may
   * have read past the end before the event the caller needs was committed.
   */
  catchUp(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (!this.#running) {
      this.#running = this.#pull().finally(() => (this.#running = undefined));
      return this.#running;
    }
    this.#queued = this.#running
      .catch(() => {})
      .then(() => {
        this.#queued = undefined;
        return this.catchUp();
      });
    return this.#queued;
  }

  async #pull(): Promise<void> {
    for await (const event of scanAll(this.client, this.#lastSeen, PAGE_SIZE)) {
      // A foreign event in our streams throws here and stops the index at it: every later
      // position would depend on how it is counted, so the store refuses to go on.
      if (belongsToLog(this.prefix, event)) this.#ingest(decodeEvent(this.prefix, event), event.position);
      this.#lastSeen = event.position;
    }
  }

  #ingest(event: ReturnType<typeof decodeEvent>, position: Position): void {
    const ordinal = this.#length + 1;
    const hash = chainHash(this.hashAt(this.#length), {
      position: ordinal,
      stream: event.stream,
      streamVersion: event.streamVersion,
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt: event.recordedAt,
    });
    if (ordinal > this.#commits.length) this.#grow();
    this.#commits[ordinal - 1] = position.commit;
    this.#prepares[ordinal - 1] = position.prepare;
    this.#hashes.write(hash, (ordinal - 1) * 32, 'hex');
    this.#times[ordinal - 1] = Date.parse(event.recordedAt);
    // The first occurrence wins; a later one (two processes racing the same id) is reported by verify().
    if (!this.#ids.has(event.id)) this.#ids.set(event.id, ordinal);
    if (event.recordedAt > this.#lastRecordedAt) this.#lastRecordedAt = event.recordedAt;
    this.#length = ordinal;
  }

  #grow(): void {
    const capacity = this.#commits.length * 2;
    const commits = new BigUint64Array(capacity);
    commits.set(this.#commits);
    const prepares = new BigUint64Array(capacity);
    prepares.set(this.#prepares);
    const hashes = Buffer.alloc(capacity * 32);
    this.#hashes.copy(hashes);
    const times = new Float64Array(capacity);
    times.set(this.#times);
    this.#times = times;
    this.#commits = commits;
    this.#prepares = prepares;
    this.#hashes = hashes;
  }

  #check(ordinal: number): void {
    if (!Number.isSafeInteger(ordinal) || ordinal < 0 || ordinal > this.#length) {
      throw new RangeError(`position ${ordinal} is not in the log (head ${this.#length})`);
    }
  }
}
