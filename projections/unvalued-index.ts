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
  private readonly entries = new Map<string, UnvaluedEntry>();
  private sorted: UnvaluedEntry[] | null = [];

  get size(): number {
    return this.entries.size;
  }

  has(contributionId: string): boolean {
    return this.entries.has(contributionId);
  }

  set(entry: UnvaluedEntry): void {
    this.entries.set(entry.contributionId, entry);
    this.sorted = null;
  }

  delete(contributionId: string): void {
    if (this.entries.delete(contributionId)) this.sorted = null;
  }

  /** Every entry, by contribution id (UTF-16 code units, as `<` compares strings). */
  inOrder(): readonly UnvaluedEntry[] {
    if (this.sorted === null) {
      this.sorted = [...this.entries.values()].sort((a, b) => (a.contributionId < b.contributionId ? -1 : a.contributionId > b.contributionId ? 1 : 0));
    }
    return this.sorted;
  }
}
