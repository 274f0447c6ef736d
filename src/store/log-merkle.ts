// The Merkle tree (merkle.ts) of one event store's log, kept in memory and grown on demand: the
// first proof reads every event hash once (O(n)); later ones read only what was appended since.
// Also the proof document the API serves and `socle verify --against` checks: everything an
// auditor needs to check, with their own code, that today's log extends a stamp they hold.
import { eventLeaf, MerkleTree, verifyConsistency, verifyInclusion } from './merkle.ts';
import type { EventStore } from './port.ts';

const PAGE = 5000;

export class LogMerkle {
  private readonly tree = new MerkleTree();
  /** Chained hash of the last leaf, to notice a log that changed under the tree (a restore, an edit). */
  private lastHash: string | undefined;
  private growing: Promise<void> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** The tree holding at least the first `size` events (refused beyond the head). */
  async upTo(size: number): Promise<MerkleTree> {
    const run = this.growing.then(() => this.grow(size));
    this.growing = run.catch(() => undefined);
    await run;
    return this.tree;
  }

  private async grow(size: number): Promise<void> {
    if (this.tree.size > 0 && (await this.store.head(this.tree.size)).hash !== this.lastHash) {
      throw new Error(`the log changed under its Merkle tree at position ${this.tree.size}: run socle verify`);
    }
    if (size <= this.tree.size) return;
    for await (const page of this.store.readPages({ from: this.tree.size + 1, to: size, batchSize: PAGE })) {
      for (const event of page) {
        if (event.position !== this.tree.size + 1) throw new Error(`the event at position ${this.tree.size + 1} is missing: run socle verify`);
        this.tree.append(eventLeaf(event.hash));
        this.lastHash = event.hash;
      }
    }
    if (this.tree.size < size) throw new RangeError(`position ${size} is beyond the head of the log (${this.tree.size})`);
  }
}

export const PROOF_ALGORITHM = 'RFC 9162 Merkle tree, SHA-256; leaf = 32 bytes of an event’s chained hash, in position order';

/** What `GET /api/ledger/proof?from=M&to=N` answers (hashes in hex). */
export interface LedgerProof {
  algorithm: string;
  /** The stamp's side: its position, the chained hash there, the tree root of its first M events. */
  from: { position: number; headHash: string; root: string };
  to: { position: number; headHash: string; root: string };
  /** Audit paths: `from.headHash` is leaf M-1 of the tree of M leaves, `to.headHash` leaf N-1 of N (empty for 0). */
  inclusion: { from: string[]; to: string[] };
  /** RFC 9162 §2.1.4: the tree of N leaves extends the tree of M. */
  consistency: string[];
}

export async function ledgerProof(store: EventStore, merkle: LogMerkle, from: number, to: number): Promise<LedgerProof> {
  if (from > to) throw new RangeError(`from (${from}) must not be after to (${to})`);
  const tree = await merkle.upTo(to);
  const [a, b] = [await store.head(from), await store.head(to)];
  const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));
  return {
    algorithm: PROOF_ALGORITHM,
    from: { position: from, headHash: a.hash, root: tree.root(from).toString('hex') },
    to: { position: to, headHash: b.hash, root: tree.root(to).toString('hex') },
    inclusion: { from: from === 0 ? [] : hex(tree.inclusionProof(from - 1, from)), to: to === 0 ? [] : hex(tree.inclusionProof(to - 1, to)) },
    consistency: hex(tree.consistencyProof(from, to)),
  };
}

/**
 * Checks a proof against the stamp the auditor holds (position and chained hash), with nothing
 * from the server trusted but what the proof itself proves; docs/auditing.md shows the same check
 * as a standalone script.
 */
export function checkLedgerProof(proof: LedgerProof, stamp: { position: number; headHash: string }): boolean {
  if (proof.from.position !== stamp.position || proof.from.headHash !== stamp.headHash) return false;
  const bytes = (hashes: string[]) => hashes.map((h) => Buffer.from(h, 'hex'));
  const fromRoot = Buffer.from(proof.from.root, 'hex');
  const toRoot = Buffer.from(proof.to.root, 'hex');
  const lastLeafOf = (size: number, headHash: string, path: string[], root: Buffer) =>
    size === 0 ? path.length === 0 : verifyInclusion(eventLeaf(headHash), size - 1, size, bytes(path), root);
  return (
    lastLeafOf(stamp.position, stamp.headHash, proof.inclusion.from, fromRoot) &&
    lastLeafOf(proof.to.position, proof.to.headHash, proof.inclusion.to, toRoot) &&
    verifyConsistency(stamp.position, proof.to.position, bytes(proof.consistency), fromRoot, toRoot)
  );
}
