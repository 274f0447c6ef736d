// The ledger read model as bytes, so that a process can start from a snapshot instead of replaying
// the whole log. A million events leave about 600,000 contributions; serialising their objects
// (v8.serialize or JSON) gives hundreds of megabytes that take longer to read back than the replay
// itself. So contributions are stored as columns, in three parts:
//   - `setUp`: JSON of the strings that repeat (descriptions, dates, partners, amounts, interned
//     once each) and of the programmes (set-up, aggregates, unvalued index: small);
//   - `ids`: JSON of the strings that do not repeat, three per contribution (its id, recordedAt,
//     updatedAt);
//   - `rows`: each contribution as a fixed row of int32 (indexes into the repeated strings, and
//     small numbers).
// Loading reads the set-up only. What totals and budgets need (aggregates, unvalued index) is
// there at once; the ids are parsed, and each contribution's view built, when first asked for
// (contribution-map.ts), so a process on a million events answers in a second or two.
//
// Decoding gives a state equal to the one encoded, Map and Set orders included, so that what a
// process computes after loading a snapshot is what it would have computed after a replay; the
// encoding is deterministic, which the tests use to compare states byte for byte.
import type { ContributionContent } from '../src/domain/events.ts';
import { ContributionContent as ContributionContentSchema } from '../src/domain/events.ts';
import type { ContributionKind } from '../src/domain/kinds.ts';
import type { Review } from '../src/domain/contribution/state.ts';
import type { RateSource } from '../src/domain/valuation.ts';
import type { Action, Axis, Partner, Rate, Site } from '../src/domain/programme/state.ts';
import type { AggregateCell, ContributionView, LedgerState, ProgrammeView } from './ledger.ts';
import { UnvaluedIndex, type UnvaluedEntry } from './unvalued-index.ts';
import { ContributionMap } from './contribution-map.ts';

const REVIEWS: readonly Review[] = ['pending', 'validated', 'withdrawn', 'rejected'];
/** Content fields in canonical (sorted) order: the order a stored event's content is parsed in. */
const CONTENT_KEYS = Object.keys(ContributionContentSchema.shape).sort() as (keyof ContributionContent)[];
/** The view's strings that repeat, as indexes into the interned strings. */
const INTERNED = ['programmeId', 'rateSource', 'rateId', 'rateAmount', 'rateBasis', 'unvaluedReason', 'lastReason'] as const;
const PROGRAMME_SLOT = 0;
const REVIEW_SLOT = INTERNED.length;
const VERSION_SLOT = REVIEW_SLOT + 1;
const VALUE_SLOT = REVIEW_SLOT + 2;
const CONTENT_SLOT = REVIEW_SLOT + 3;
const ROW = CONTENT_SLOT + CONTENT_KEYS.length;
/** Strings per contribution in `ids`: id, recordedAt, updatedAt. */
const IDS_PER_ROW = 3;
// Slot values that are not string indexes.
const ABSENT = -1;
const FALSE = -2;
const TRUE = -3;

interface ProgrammeSetUp {
  programmeId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  territory?: string;
  partners: Partner[];
  axes: Axis[];
  actions: Action[];
  sites: Site[];
  /** In the order they were set, which is also the order of each kind's list. */
  rates: Rate[];
  aggregates: [string, AggregateCell][];
  unvalued: UnvaluedEntry[];
  /** Each kind's contributions, as row numbers, in the Set's order. */
  byKind: [ContributionKind, number[]][];
}

interface SetUp {
  contributions: number;
  strings: string[];
  programmes: ProgrammeSetUp[];
}

export interface EncodedLedger {
  setUp: string;
  ids: string;
  rows: Int32Array;
}

/** Interns strings: each distinct string gets one index. */
class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string | undefined): number {
    if (value === undefined) return ABSENT;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

export function encodeLedgerState(state: LedgerState): EncodedLedger {
  const table = new StringTable();
  const rows = new Int32Array(state.contributions.size * ROW);
  const ids: string[] = new Array(state.contributions.size * IDS_PER_ROW);
  const rowOf = new Map<string, number>();
  let row = 0;
  for (const view of state.contributions.values()) {
    const base = row * ROW;
    for (let s = 0; s < INTERNED.length; s++) rows[base + s] = table.of(view[INTERNED[s]!]);
    rows[base + REVIEW_SLOT] = REVIEWS.indexOf(view.review);
    rows[base + VERSION_SLOT] = view.version;
    rows[base + VALUE_SLOT] = view.valueCents === null ? ABSENT : table.of(String(view.valueCents));
    const content = view.content as Record<string, unknown>;
    for (let k = 0; k < CONTENT_KEYS.length; k++) rows[base + CONTENT_SLOT + k] = contentSlot(table, content[CONTENT_KEYS[k]!], CONTENT_KEYS[k]!);
    ids[row * IDS_PER_ROW] = view.contributionId;
    ids[row * IDS_PER_ROW + 1] = view.recordedAt;
    ids[row * IDS_PER_ROW + 2] = view.updatedAt;
    rowOf.set(view.contributionId, row);
    row += 1;
  }
  const programmes = [...state.programmes.values()].map((p) => setUpOf(p, rowOf));
  const setUp: SetUp = { contributions: row, strings: table.strings, programmes };
  return { setUp: JSON.stringify(setUp), ids: JSON.stringify(ids), rows };
}

function contentSlot(table: StringTable, value: unknown, key: string): number {
  if (value === undefined) return ABSENT;
  if (typeof value === 'string') return table.of(value);
  if (value === false) return FALSE;
  if (value === true) return TRUE;
  throw new TypeError(`content field ${key} holds a ${typeof value}, which the snapshot cannot encode`);
}

function setUpOf(p: ProgrammeView, rowOf: Map<string, number>): ProgrammeSetUp {
  return {
    programmeId: p.programmeId,
    name: p.name,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    ...(p.territory !== undefined && { territory: p.territory }),
    partners: [...p.partners.values()],
    axes: [...p.axes.values()],
    actions: [...p.actions.values()],
    sites: [...p.sites.values()],
    rates: [...p.rates.values()],
    aggregates: [...p.aggregates.entries()],
    unvalued: [...p.unvalued.entries()],
    byKind: [...p.contributionsByKind.entries()].map(([kind, ids]) => [kind, [...ids].map((id) => rowOf.get(id)!)]),
  };
}

/** The state from its encoded parts; `ids` is called (once) only when a contribution is first needed. */
export function decodeLedgerState(setUpJson: string, ids: () => string, rows: Int32Array): LedgerState {
  const setUp = JSON.parse(setUpJson) as SetUp;
  const strings = setUp.strings;
  if (rows.length !== setUp.contributions * ROW) throw new Error(`snapshot rows hold ${rows.length} slots, not ${setUp.contributions} rows of ${ROW}`);
  let parsedIds: string[] | undefined;
  const idsOf = (): string[] => {
    if (parsedIds === undefined) {
      parsedIds = JSON.parse(ids()) as string[];
      if (parsedIds.length !== setUp.contributions * IDS_PER_ROW) throw new Error('snapshot ids do not match its rows');
    }
    return parsedIds;
  };
  const idAt = (row: number) => idsOf()[row * IDS_PER_ROW]!;
  const contributions = new ContributionMap({ count: setUp.contributions, idAt, viewAt: (row) => viewAt(strings, idsOf(), rows, row) });
  const programmes = new Map<string, ProgrammeView>();
  for (const p of setUp.programmes) {
    const programmeSlot = strings.indexOf(p.programmeId);
    const contributionIds = () => {
      const list: string[] = [];
      if (programmeSlot === ABSENT) return list;
      for (let row = 0; row < setUp.contributions; row++) if (rows[row * ROW + PROGRAMME_SLOT] === programmeSlot) list.push(idAt(row));
      return list;
    };
    programmes.set(p.programmeId, programmeOf(p, idAt, contributionIds));
  }
  return { programmes, contributions };
}

function viewAt(strings: string[], ids: string[], rows: Int32Array, row: number): ContributionView {
  const base = row * ROW;
  const content: Record<string, unknown> = {};
  for (let k = 0; k < CONTENT_KEYS.length; k++) {
    const slot = rows[base + CONTENT_SLOT + k]!;
    if (slot !== ABSENT) content[CONTENT_KEYS[k]!] = slot >= 0 ? strings[slot] : slot === TRUE;
  }
  const value = rows[base + VALUE_SLOT]!;
  // The same keys, in the same order, as the ledger projection gives its views.
  const view: ContributionView = {
    contributionId: ids[row * IDS_PER_ROW]!,
    programmeId: strings[rows[base + PROGRAMME_SLOT]!]!,
    content: content as ContributionContent,
    review: REVIEWS[rows[base + REVIEW_SLOT]!]!,
    version: rows[base + VERSION_SLOT]!,
    recordedAt: ids[row * IDS_PER_ROW + 1]!,
    updatedAt: ids[row * IDS_PER_ROW + 2]!,
    valueCents: value === ABSENT ? null : Number(strings[value]),
    rateSource: optionalString(strings, rows[base + 1]!) as RateSource | undefined,
    rateId: optionalString(strings, rows[base + 2]!),
    rateAmount: optionalString(strings, rows[base + 3]!),
    rateBasis: optionalString(strings, rows[base + 4]!),
    unvaluedReason: optionalString(strings, rows[base + 5]!),
  };
  const lastReason = optionalString(strings, rows[base + 6]!);
  if (lastReason !== undefined) view.lastReason = lastReason;
  return view;
}

function optionalString(strings: string[], slot: number): string | undefined {
  return slot === ABSENT ? undefined : strings[slot];
}

function programmeOf(p: ProgrammeSetUp, idAt: (row: number) => string, contributionIds: () => string[]): ProgrammeView {
  const ratesByKind = new Map<ContributionKind, Rate[]>();
  for (const rate of p.rates) {
    const sameKind = ratesByKind.get(rate.kind) ?? [];
    sameKind.push(rate);
    ratesByKind.set(rate.kind, sameKind);
  }
  const view: ProgrammeView = {
    programmeId: p.programmeId,
    name: p.name,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    ...(p.territory !== undefined && { territory: p.territory }),
    partners: new Map(p.partners.map((x) => [x.partnerId, x])),
    axes: new Map(p.axes.map((x) => [x.axisId, x])),
    actions: new Map(p.actions.map((x) => [x.actionId, x])),
    sites: new Map(p.sites.map((x) => [x.siteId, x])),
    rates: new Map(p.rates.map((x) => [x.rateId, x])),
    ratesByKind,
    contributionIds: [],
    contributionsByKind: new Map(),
    aggregates: new Map(p.aggregates),
    unvalued: UnvaluedIndex.fromEntries(p.unvalued),
  };
  // Lists of every contribution, needed by lists, exports and new rates, not by totals: built when
  // first read, in place (the key keeps its place among the others).
  whenFirstRead(view, 'contributionIds', contributionIds);
  whenFirstRead(view, 'contributionsByKind', () => new Map(p.byKind.map(([kind, rows]) => [kind, new Set(rows.map((row) => idAt(row)))])));
  return view;
}

function whenFirstRead<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K]): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build();
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}
