// A programme's counted contributions that no rate values, each with the coordinates the totals
// document filters on, so that the document lists them without looking each one up in the map of
// all contributions. The list is by contract sorted by contribution id: sorted once per version
// when first asked, not on every request nor on every change (a new rate may value thousands at once).
// Versions share the entries copy-on-write (cow-map.ts): a reader's index never changes under it.
import type { ContributionStatus } from '../domain/kinds.ts';
import { CowMap } from './cow-map.ts';

export interface UnvaluedEntry {
  /** The contribution's key in the read model (ledger.ts). */
  key: string;
  contributionId: string;
  partnerId: string;
  reason: string;
  status: ContributionStatus;
  year: number;
  actionId: string | null;
  validated: boolean;
}

/**
 * The sorted list of each index, kept beside it rather than in it: a published version is never
 * written, and the list is a pure function of it. `changes` says which content the list was made of.
 */
const sortedLists = new WeakMap<UnvaluedIndex, { changes: number; sorted: readonly UnvaluedEntry[] }>();

export class UnvaluedIndex {
  private byId: CowMap<string, UnvaluedEntry>;
  private changes = 0;

  constructor(byId?: CowMap<string, UnvaluedEntry>, changes = 0) {
    this.byId = byId ?? new CowMap(64);
    this.changes = changes;
  }

  /** Rebuilds an index from entries (a snapshot). */
  static fromEntries(entries: Iterable<UnvaluedEntry>): UnvaluedIndex {
    const index = new UnvaluedIndex();
    for (const entry of entries) index.byId.set(entry.key, entry);
    return index;
  }

  /** The next draft's index: shares the entries, copies what it changes. */
  fork(): UnvaluedIndex {
    return new UnvaluedIndex(this.byId.fork(), this.changes);
  }

  get size(): number {
    return this.byId.size;
  }

  has(key: string): boolean {
    return this.byId.has(key);
  }

  set(entry: UnvaluedEntry): void {
    this.byId.set(entry.key, entry);
    this.changes += 1;
  }

  delete(key: string): void {
    if (this.byId.delete(key)) this.changes += 1;
  }

  /** Every entry, by contribution id (UTF-16 code units, as `<` compares strings), then by key (one id, two partners). */
  inOrder(): readonly UnvaluedEntry[] {
    const known = sortedLists.get(this);
    if (known !== undefined && known.changes === this.changes) return known.sorted;
    const sorted = [...this.byId.values()].sort((a, b) =>
      a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    sortedLists.set(this, { changes: this.changes, sorted });
    return sorted;
  }
}
