// The log's hashes as a Merkle tree, the way Certificate Transparency logs are (RFC 6962 / RFC 9162
// §2.1): the leaves are the events' chained hashes in position order, a leaf is hashed as
// SHA-256(0x00 ‖ leaf) and a node as SHA-256(0x01 ‖ left ‖ right), so a leaf can never pass for a
// node. The hash chain already makes any edit visible to someone who holds the whole log; the tree
// lets someone who holds only an old stamp check, with a proof of O(log n) hashes and without
// trusting the server, that today's log extends the one they were shown (consistency proof) and
// that a given event hash sits at a given position (inclusion proof).
//
// Cost: building the tree reads every leaf once (O(n)) and keeps the hash of every complete aligned
// subtree (about 2n × 32 bytes: 64 MB for a million events); appending a leaf updates O(log n) of
// them. A root or a proof then combines O(log n) stored subtree hashes, each found in O(log n)
// steps, so a proof costs O(log² n) hash operations at worst and never reads the log again.
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** SHA-256 of the empty string: the root of an empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export function leafHash(leaf: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The leaf of an event: its chained hash (64 hex characters) as 32 bytes. */
export function eventLeaf(chainHashHex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(chainHashHex)) throw new TypeError(`not a 64-hex-digit hash: ${chainHashHex.slice(0, 80)}`);
  return Buffer.from(chainHashHex, 'hex');
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Hashes of 32 bytes in one growing buffer: a million of them is one allocation, not a million objects. */
class HashArray {
  private bytes = Buffer.alloc(32 * 64);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * 32 > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    this.bytes.set(hash, this.length * 32);
    this.length += 1;
  }

  at(i: number): Hash {
    return this.bytes.subarray(i * 32, i * 32 + 32);
  }
}

/**
 * A Merkle tree that grows leaf by leaf. levels[k][i] is the hash of the complete subtree of 2^k
 * leaves starting at leaf i × 2^k; every subtree RFC 9162's recursion asks for is either one of
 * those or splits into one of those and a smaller right part.
 */
export class MerkleTree {
  private readonly levels: HashArray[] = [new HashArray()];

  get size(): number {
    return this.levels[0]!.length;
  }

  append(leaf: Uint8Array): void {
    let hash = leafHash(leaf);
    let level = 0;
    this.levels[0]!.push(hash);
    // Each time the level's count becomes even, a complete subtree one level up is finished.
    while (this.levels[level]!.length % 2 === 0) {
      const count = this.levels[level]!.length;
      hash = nodeHash(this.levels[level]!.at(count - 2), hash);
      level += 1;
      this.levels[level] ??= new HashArray();
      this.levels[level]!.push(hash);
    }
  }

  /** MTH(D[start : start + size]); start is always a multiple of the subtree's span here (see above). */
  private subtree(start: number, size: number): Hash {
    if (size === 1) return this.levels[0]!.at(start);
    if ((size & (size - 1)) === 0 && start % size === 0) {
      const level = Math.log2(size);
      return this.levels[level]!.at(start / size);
    }
    const k = splitPoint(size);
    return nodeHash(this.subtree(start, k), this.subtree(start + k, size - k));
  }

  private checkSize(n: number, what: string): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.size) throw new RangeError(`${what} must be a whole number from 0 to ${this.size}, not ${n}`);
  }

  /** The root of the first n leaves (the tree as it stood at position n). */
  root(n = this.size): Hash {
    this.checkSize(n, 'the tree size');
    return n === 0 ? EMPTY_ROOT : this.subtree(0, n);
  }

  /** RFC 9162 §2.1.3.1: the audit path of leaf `index` (0-based) in the tree of the first n leaves. */
  inclusionProof(index: number, n = this.size): Hash[] {
    this.checkSize(n, 'the tree size');
    if (!Number.isSafeInteger(index) || index < 0 || index >= n) throw new RangeError(`leaf ${index} is not in a tree of ${n}`);
    const path: Hash[] = [];
    const walk = (m: number, start: number, size: number): void => {
      if (size === 1) return;
      const k = splitPoint(size);
      if (m < k) {
        walk(m, start, k);
        path.push(this.subtree(start + k, size - k));
      } else {
        walk(m - k, start + k, size - k);
        path.push(this.subtree(start, k));
      }
    };
    walk(index, 0, n);
    return path;
  }

  /** RFC 9162 §2.1.4.1: the proof that the tree of n leaves extends the tree of its first m. */
  consistencyProof(m: number, n = this.size): Hash[] {
    this.checkSize(n, 'the tree size');
    this.checkSize(m, 'the old tree size');
    if (m > n) throw new RangeError(`the old tree (${m}) is larger than the new one (${n})`);
    if (m === 0 || m === n) return [];
    const proof: Hash[] = [];
    const sub = (mm: number, start: number, size: number, complete: boolean): void => {
      if (mm === size) {
        if (!complete) proof.push(this.subtree(start, size));
        return;
      }
      const k = splitPoint(size);
      if (mm <= k) {
        sub(mm, start, k, complete);
        proof.push(this.subtree(start + k, size - k));
      } else {
        sub(mm - k, start + k, size - k, false);
        proof.push(this.subtree(start, k));
      }
    };
    sub(m, 0, n, true);
    return proof;
  }
}

const lsb = (n: number) => n % 2 === 1;

/**
 * RFC 9162 §2.1.3.2: whether `leaf` (the raw leaf, not yet hashed) is leaf `index` of a tree of
 * `size` leaves whose root is `root`. Needs nothing but the arguments: an auditor's own check.
 */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash(leaf);
  for (const p of path) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/**
 * RFC 9162 §2.1.4.2: whether the tree of `first` leaves with root `firstRoot` is a prefix of the
 * tree of `second` leaves with root `secondRoot`, given the consistency proof between them.
 */
export function verifyConsistency(first: number, second: number, proof: readonly Uint8Array[], firstRoot: Uint8Array, secondRoot: Uint8Array): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  // Every log extends the empty one.
  if (first === 0) return proof.length === 0 && Buffer.from(firstRoot).equals(EMPTY_ROOT);
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return Buffer.from(fr).equals(firstRoot) && Buffer.from(sr).equals(secondRoot) && sn === 0;
}
