// The ledger read model as bytes, so that a process can start from a snapshot instead of replaying
// the whole log. A million events leave about 600,000 contributions; serialising their objects
// (v8.serialize or JSON) gives hundreds of megabytes that take longer to read back than the replay
// itself. So contributions are stored as columns, in three parts:
//   - `setUp`: JSON of the strings that repeat (descriptions, dates, partners, amounts, interned
//     once each) and of the programmes (set-up, aggregates, unvalued index: small);
//   - `ids`: JSON of the strings that do not repeat, three per contribution (its key, recordedAt,
//     updatedAt; the key ends with its id, see ledger.ts);
//   - `rows`: each contribution as a fixed row of int32 (indexes into the repeated strings, and
//     small numbers).
// Loading reads the set-up only. What totals and budgets need (aggregates, unvalued index) is
// there at once; the ids are parsed, and each contribution's view built, when first asked for
// (contribution-map.ts), so a process on a million events answers in a second or two.
//
// Decoding gives a state equal to the one encoded (set-up Maps in their order, each programme's
// contributions in recording order), so that what a process computes after loading a snapshot is
// what it would have computed after a replay; the encoding is deterministic (rows grouped by
// programme in recording order, aggregates and unvalued entries sorted by key), which the tests use
// to compare states byte for byte. The decoded state is the first draft of a new owner: the
// snapshot's rows are a read-only base under the maps (cow-map.ts, id-list.ts).
import type { ContributionContent } from '../domain/events.ts';
import { ContributionContent as ContributionContentSchema } from '../domain/events.ts';
import type { Review } from '../domain/contribution/state.ts';
import type { RateSource } from '../domain/valuation.ts';
import { asCents } from '../domain/money.ts';
import type { Action, ActionSheet, Axis, Partner, Rate, Site } from '../domain/programme/state.ts';
import { CONTRIBUTION_SHARDS, newDraftOwner, newProgrammeView, type AggregateCell, type ContributionView, type DraftOwner, type LedgerState, type ProgrammeView, type PublicationView } from './ledger.ts';
import { UnvaluedIndex, type UnvaluedEntry } from './unvalued-index.ts';
import { CowMap } from './cow-map.ts';
import { IdList } from './id-list.ts';

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
  /** Each action's fiche facts, in the order they were first set. */
  actionSheets: [string, ActionSheet][];
  sites: Site[];
  /** In the order they were set, which is also the order of each kind's list. */
  rates: Rate[];
  /** By key. */
  aggregates: [string, AggregateCell][];
  /** By contribution id. */
  unvalued: UnvaluedEntry[];
  /** What a partner may be shown, by position (ledger.ts). */
  publications: PublicationView[];
  lastPublicPosition: number;
  lastPositionByPartner: [string, number][];
  /** The programme's contributions: rows firstRow to firstRow + rowCount - 1, in recording order. */
  firstRow: number;
  rowCount: number;
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
  const programmes: ProgrammeSetUp[] = [];
  let row = 0;
  for (const p of state.programmes.values()) {
    const firstRow = row;
    for (const id of p.contributionIds) {
      encodeRow(table, rows, ids, row, state.contributions.get(id)!);
      row += 1;
    }
    programmes.push(setUpOf(p, firstRow, row - firstRow));
  }
  if (row !== state.contributions.size) throw new Error(`the programmes list ${row} contributions, the map holds ${state.contributions.size}`);
  const setUp: SetUp = { contributions: row, strings: table.strings, programmes };
  return { setUp: JSON.stringify(setUp), ids: JSON.stringify(ids), rows };
}

function encodeRow(table: StringTable, rows: Int32Array, ids: string[], row: number, view: ContributionView): void {
    const base = row * ROW;
    for (let s = 0; s < INTERNED.length; s++) rows[base + s] = table.of(view[INTERNED[s]!]);
    rows[base + REVIEW_SLOT] = REVIEWS.indexOf(view.review);
    rows[base + VERSION_SLOT] = view.version;
    rows[base + VALUE_SLOT] = view.valueCents === null ? ABSENT : table.of(String(view.valueCents));
    const content = view.content as Record<string, unknown>;
    for (let k = 0; k < CONTENT_KEYS.length; k++) rows[base + CONTENT_SLOT + k] = contentSlot(table, content[CONTENT_KEYS[k]!], CONTENT_KEYS[k]!);
    // The key (the map's and the id lists'), from which the client's id follows (its last segment).
    ids[row * IDS_PER_ROW] = view.key;
    ids[row * IDS_PER_ROW + 1] = view.recordedAt;
    ids[row * IDS_PER_ROW + 2] = view.updatedAt;
}

function contentSlot(table: StringTable, value: unknown, key: string): number {
  if (value === undefined) return ABSENT;
  if (typeof value === 'string') return table.of(value);
  if (value === false) return FALSE;
  if (value === true) return TRUE;
  throw new TypeError(`content field ${key} holds a ${typeof value}, which the snapshot cannot encode`);
}

const byFirst = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function setUpOf(p: ProgrammeView, firstRow: number, rowCount: number): ProgrammeSetUp {
  return {
    programmeId: p.programmeId,
    name: p.name,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    ...(p.territory !== undefined && { territory: p.territory }),
    partners: [...p.partners.values()],
    axes: [...p.axes.values()],
    actions: [...p.actions.values()],
    actionSheets: [...p.actionSheets],
    sites: [...p.sites.values()],
    rates: [...p.rates.values()],
    aggregates: [...p.aggregates].sort(byFirst),
    unvalued: [...p.unvalued.inOrder()],
    publications: p.publications.slice(),
    lastPublicPosition: p.lastPublicPosition,
    // Insertion order, as a replay leaves it.
    lastPositionByPartner: [...p.lastPositionByPartner],
    firstRow,
    rowCount,
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
  const owner = newDraftOwner();
  const contributions = new CowMap<string, ContributionView>(CONTRIBUTION_SHARDS, snapshotRows(setUp.contributions, idAt, (row) => viewAt(strings, idsOf(), rows, row)));
  const programmes = new Map<string, ProgrammeView>();
  for (const p of setUp.programmes) programmes.set(p.programmeId, programmeOf(owner, p, idAt));
  return { owner, programmes, contributions };
}

/** The snapshot's contributions as a read-only base: ids parsed, and each view built, when first asked for. */
function snapshotRows(count: number, idAt: (row: number) => string, build: (row: number) => ContributionView) {
  let rowOf: Map<string, number> | undefined;
  const rowsById = () => {
    if (rowOf === undefined) {
      rowOf = new Map();
      for (let row = 0; row < count; row++) rowOf.set(idAt(row), row);
    }
    return rowOf;
  };
  // Built views are kept: a pure function of the immutable rows, the same for every version.
  const built = new Map<number, ContributionView>();
  const viewOf = (row: number) => {
    let view = built.get(row);
    if (view === undefined) built.set(row, (view = build(row)));
    return view;
  };
  return {
    size: count,
    has: (id: string) => rowsById().has(id),
    get: (id: string) => {
      const row = rowsById().get(id);
      return row === undefined ? undefined : viewOf(row);
    },
    *keys() {
      for (let row = 0; row < count; row++) yield idAt(row);
    },
  };
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
  const key = ids[row * IDS_PER_ROW]!;
  const view: ContributionView = {
    key,
    contributionId: key.slice(key.lastIndexOf('/') + 1),
    programmeId: strings[rows[base + PROGRAMME_SLOT]!]!,
    content: content as ContributionContent,
    review: REVIEWS[rows[base + REVIEW_SLOT]!]!,
    version: rows[base + VERSION_SLOT]!,
    recordedAt: ids[row * IDS_PER_ROW + 1]!,
    updatedAt: ids[row * IDS_PER_ROW + 2]!,
    valueCents: value === ABSENT ? null : asCents(Number(strings[value])),
    rateSource: optionalString(strings, rows[base + 1]!) as RateSource | undefined,
    rateId: optionalString(strings, rows[base + 2]!),
    rateAmount: optionalString(strings, rows[base + 3]!),
    rateBasis: optionalString(strings, rows[base + 4]!),
    unvaluedReason: optionalString(strings, rows[base + 5]!),
    lastReason: optionalString(strings, rows[base + 6]!),
  };
  return view;
}

function optionalString(strings: string[], slot: number): string | undefined {
  return slot === ABSENT ? undefined : strings[slot];
}

function programmeOf(owner: DraftOwner, p: ProgrammeSetUp, idAt: (row: number) => string): ProgrammeView {
  const view = newProgrammeView(owner, p);
  for (const x of p.partners) view.partners.set(x.partnerId, x);
  for (const x of p.axes) view.axes.set(x.axisId, x);
  for (const x of p.actions) view.actions.set(x.actionId, x);
  for (const [actionId, sheet] of p.actionSheets) view.actionSheets.set(actionId, sheet);
  for (const x of p.sites) view.sites.set(x.siteId, x);
  for (const rate of p.rates) {
    view.rates.set(rate.rateId, rate);
    const sameKind = view.ratesByKind.get(rate.kind) ?? [];
    sameKind.push(rate);
    view.ratesByKind.set(rate.kind, sameKind);
  }
  for (const [key, cell] of p.aggregates) {
    asCents(cell.cents); // a stored sum comes back as Cents only if it is still a safe integer
    view.aggregates.set(key, cell);
  }
  view.unvalued = UnvaluedIndex.fromEntries(p.unvalued);
  view.publications = p.publications.slice();
  view.lastPublicPosition = p.lastPublicPosition;
  view.lastPositionByPartner = new Map(p.lastPositionByPartner);
  // The list of every contribution is needed by lists, exports and new rates, not by totals: its
  // ids are read when it is first walked.
  let ids: string[] | undefined;
  view.contributionIds = new IdList({
    length: p.rowCount,
    ids: () => (ids ??= Array.from({ length: p.rowCount }, (_, i) => idAt(p.firstRow + i))),
  });
  return view;
}
