// A programme's counted contributions that no rate values, each with the coordinates the totals
// document filters on, so that the document lists them without looking each one up in the map of
// all contributions. The list is by contract sorted by contribution id: sorted once when asked
// after a change, not on every request nor on every change (a new rate may value thousands at once).
import type { ContributionStatus } from '../src/domain/kinds.ts';

export interface UnvaluedEntry {
  contributionId: string;
  partnerId: string;
  reason: string;
  status: ContributionStatus;
  year: number;
  actionId: string | null;
  validated: boolean;
}

export class UnvaluedIndex {
  private readonly byId = new Map<string, UnvaluedEntry>();
  private sorted: UnvaluedEntry[] | null = [];

  /** Rebuilds an index from entries() (a snapshot). */
  static fromEntries(entries: Iterable<UnvaluedEntry>): UnvaluedIndex {
    const index = new UnvaluedIndex();
    for (const entry of entries) index.byId.set(entry.contributionId, entry);
    index.sorted = index.byId.size === 0 ? [] : null;
    return index;
  }

  /** Every entry in the order it was set (a snapshot keeps it). */
  entries(): IterableIterator<UnvaluedEntry> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  has(contributionId: string): boolean {
    return this.byId.has(contributionId);
  }

  set(entry: UnvaluedEntry): void {
    this.byId.set(entry.contributionId, entry);
    this.sorted = null;
  }

  delete(contributionId: string): void {
    if (this.byId.delete(contributionId)) this.sorted = null;
  }

  /** Every entry, by contribution id (UTF-16 code units, as `<` compares strings). */
  inOrder(): readonly UnvaluedEntry[] {
    if (this.sorted === null) {
      this.sorted = [...this.byId.values()].sort((a, b) => (a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0));
    }
    return this.sorted;
  }
}
