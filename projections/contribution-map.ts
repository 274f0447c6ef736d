// The ledger's contributions by id, in the order they were recorded. A map, except that it can
// start from a snapshot's rows (ledger-snapshot.ts) and turn a row into its view only when that
// contribution is first asked for: a process started on a million events answers totals (which
// read only the aggregates) without first building six hundred thousand objects. Once built, a
// view is kept, so the projection's changes to it stay.
import type { ContributionView } from './ledger.ts';

/** Contributions not yet built into views: a snapshot's rows. */
export interface FrozenContributions {
  readonly count: number;
  idAt(row: number): string;
  viewAt(row: number): ContributionView;
}

export class ContributionMap implements Iterable<[string, ContributionView]> {
  private readonly views = new Map<string, ContributionView>();
  /** Contributions recorded after the snapshot (all of them without one), in order. */
  private readonly added: ContributionView[] = [];
  /** Row of each frozen contribution: built when first needed. */
  private rowOf?: Map<string, number>;

  constructor(private readonly frozen?: FrozenContributions) {}

  get size(): number {
    return (this.frozen?.count ?? 0) + this.added.length;
  }

  has(contributionId: string): boolean {
    return this.views.has(contributionId) || (this.frozen !== undefined && this.rows().has(contributionId));
  }

  get(contributionId: string): ContributionView | undefined {
    const view = this.views.get(contributionId);
    if (view !== undefined || this.frozen === undefined) return view;
    const row = this.rows().get(contributionId);
    if (row === undefined) return undefined;
    const built = this.frozen.viewAt(row);
    this.views.set(contributionId, built);
    return built;
  }

  /** Adds a contribution recorded now; an id is recorded once. */
  add(view: ContributionView): void {
    if (this.has(view.contributionId)) throw new Error(`contribution ${view.contributionId} is already in the map`);
    this.views.set(view.contributionId, view);
    this.added.push(view);
  }

  private rows(): Map<string, number> {
    if (this.rowOf === undefined) {
      this.rowOf = new Map();
      for (let row = 0; row < this.frozen!.count; row++) this.rowOf.set(this.frozen!.idAt(row), row);
    }
    return this.rowOf;
  }

  /** Every view, in the order the contributions were recorded. */
  *values(): IterableIterator<ContributionView> {
    if (this.frozen) {
      for (let row = 0; row < this.frozen.count; row++) {
        const id = this.frozen.idAt(row);
        let view = this.views.get(id);
        if (view === undefined) this.views.set(id, (view = this.frozen.viewAt(row)));
        yield view;
      }
    }
    yield* this.added;
  }

  *[Symbol.iterator](): IterableIterator<[string, ContributionView]> {
    for (const view of this.values()) yield [view.contributionId, view];
  }
}
