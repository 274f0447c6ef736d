// Determinism of the read model (architecture.md, "Projections"): random command sequences go
// through the command handlers onto the memory store; then the log is replayed and compared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { LedgerCommands } from '../../src/app/commands.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore } from '../../src/store/port.ts';
import type { ContributionCommand } from '../../src/domain/contribution/decider.ts';
import type { ContributionInput } from '../../src/domain/contribution/content.ts';
import type { ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { contributionStreamOfKey } from '../../src/domain/events.ts';
import { CONTRIBUTION_KINDS, UNIT_OF_KIND, isMoneyKind } from '../../src/domain/kinds.ts';
import { ledgerProjection, type LedgerState } from '../../src/read-model/ledger.ts';
import { LiveProjection, replay, type Checkpoint } from '../../src/read-model/runner.ts';
import { totalsDocument, type TotalsFilters } from '../../src/reports/totals-document.ts';
import { decodeLedgerState, encodeLedgerState } from '../../src/read-model/ledger-snapshot.ts';
import { valueContribution } from '../../src/domain/valuation.ts';
import { Decimal, formatCents } from '../../src/domain/money.ts';

const P = 'p';
const PARTNERS = ['caf', 'ccas', 'fablab'] as const;
const RATED_KINDS = CONTRIBUTION_KINDS.filter((k) => !isMoneyKind(k));
const FILTERS: TotalsFilters[] = [
  { status: 'actual', include: 'active' },
  { status: 'actual', include: 'validated', year: 2024 },
  { status: 'planned', include: 'active', actionId: 'a1' },
];

/** Undefined five times out of six. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

const DAY_MS = 86_400_000;
// From 2023-12-01 to past the programme's end (2025-12-31): a few dates are refused.
const dateArb = fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2023, 11, 1) + d * DAY_MS).toISOString().slice(0, 10));
const amountArb = fc
  .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 99 }))
  .map(([i, c]) => `${i}.${String(c).padStart(2, '0')}`);

const contentArb: fc.Arbitrary<ContributionInput> = fc
  .record({
    partnerId: fc.constantFrom(...PARTNERS),
    kind: fc.constantFrom(...CONTRIBUTION_KINDS),
    status: fc.constantFrom('planned' as const, 'actual' as const),
    date: dateArb,
    size: amountArb,
    actionId: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
    ownRate: rarely(amountArb),
  })
  .map(({ size, ownRate, actionId, ...c }) => {
    const money = isMoneyKind(c.kind);
    return {
      ...c,
      ...(money ? { amount: size } : { quantity: size }),
      ...(!money && ownRate !== undefined && { rate: ownRate, rateBasis: 'justifié' }),
      ...(actionId !== undefined && { actionId }),
    };
  });

/**
 * Lifecycle steps name a contribution by `pick`, an index into those recorded so far, so that most of
 * them reach a real contribution; a record reuses an earlier id now and then (a repeat or a conflict).
 */
type Step =
  | { do: 'record'; reuse?: number; content: ContributionInput }
  | { do: 'correct'; pick: number; content: ContributionInput }
  | { do: 'withdraw' | 'validate' | 'reject'; pick: number }
  | { do: 'rate'; kind: (typeof RATED_KINDS)[number]; amount: string; validFrom: string; partnerId?: string }
  | { do: 'publish' };

const pickArb = fc.nat({ max: 1000 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ do: fc.constant('record' as const), reuse: rarely(pickArb), content: contentArb }),
  },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('correct' as const), pick: pickArb, content: contentArb }) },
  { weight: 3, arbitrary: fc.record({ do: fc.constantFrom('withdraw' as const, 'validate' as const, 'reject' as const), pick: pickArb }) },
  // Publications (issue 20): what partners see of one another, by position; snapshots must keep them.
  { weight: 1, arbitrary: fc.constant({ do: 'publish' as const }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { do: fc.constant('rate' as const), kind: fc.constantFrom(...RATED_KINDS), amount: amountArb, validFrom: dateArb, partnerId: fc.constantFrom(...PARTNERS) },
      { requiredKeys: ['do', 'kind', 'amount', 'validFrom'] },
    ),
  },
);

async function setUp(commands: LedgerCommands): Promise<void> {
  const run = (command: ProgrammeCommand) => commands.handleProgramme(command, CLI_ACTOR);
  await run({ type: 'OpenProgramme', data: { programmeId: P, name: 'P', startsOn: '2024-01-01', endsOn: '2025-12-31' } });
  for (const partnerId of PARTNERS) await run({ type: 'AddPartner', data: { programmeId: P, partnerId, name: partnerId, category: 'autre' } });
  await run({ type: 'DefineAction', data: { programmeId: P, actionId: 'a1', number: 1, title: 'A1', nature: 'fonctionnement' } });
  await run({ type: 'DefineAction', data: { programmeId: P, actionId: 'a2', number: 2, title: 'A2', nature: 'investissement' } });
  await run({ type: 'SetValuationRate', data: { programmeId: P, rateId: 'vol', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2024-01-01', basis: 'SMIC' } });
}

/** Applies a step; refusals by the domain are part of the game and write nothing. */
/** The partner each recorded id was first recorded for, per run (keyed by the run's list of ids). */
const partnersOfRun = new WeakMap<string[], Map<string, string>>();

async function apply(commands: LedgerCommands, step: Step, index: number, recorded: string[]): Promise<boolean> {
  const partnerOf = partnersOfRun.get(recorded) ?? new Map<string, string>();
  partnersOfRun.set(recorded, partnerOf);
  try {
    if (step.do === 'publish') {
      await commands.handleProgramme({ type: 'PublishFigures', data: { programmeId: P, publicationId: `pub${index}` } }, CLI_ACTOR);
      return true;
    }
    if (step.do === 'rate') {
      const { do: _, ...rest } = step;
      await commands.handleProgramme(
        { type: 'SetValuationRate', data: { programmeId: P, rateId: `r${index}`, unit: UNIT_OF_KIND[rest.kind], basis: 'taux', ...rest } },
        CLI_ACTOR,
      );
      return true;
    }
    if (step.do === 'record') {
      const reused = step.reuse !== undefined && recorded.length > 0 ? recorded[step.reuse % recorded.length] : undefined;
      const contributionId = reused ?? `c${index}`;
      await commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId, content: step.content }, CLI_ACTOR);
      if (!reused) recorded.push(contributionId);
      if (!partnerOf.has(contributionId)) partnerOf.set(contributionId, step.content.partnerId);
      return true;
    }
    // With nothing recorded yet, the step names an unknown contribution and is refused.
    const target = { programmeId: P, contributionId: recorded[step.pick % Math.max(1, recorded.length)] ?? 'unknown' };
    let command: ContributionCommand;
    // A correction keeps the contribution's partner (changing it is refused: the partner is part of
    // its identity), so that the generated corrections reach the decider's other rules.
    if (step.do === 'correct')
      command = { type: 'CorrectContribution', ...target, content: { ...step.content, partnerId: partnerOf.get(target.contributionId) ?? step.content.partnerId }, reason: 'correction' };
    else if (step.do === 'withdraw') command = { type: 'WithdrawContribution', ...target, reason: 'retrait' };
    else if (step.do === 'validate') command = { type: 'ValidateContribution', ...target };
    else command = { type: 'RejectContribution', ...target, reason: 'refus' };
    await commands.handleContribution(command, CLI_ACTOR);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

const documents = (checkpoint: Checkpoint<LedgerState>) =>
  FILTERS.map((filters) => totalsDocument(checkpoint, checkpoint.state.programmes.get(P)!, filters));

interface Run {
  store: EventStore;
  commands: LedgerCommands;
  live: LiveProjection<LedgerState>;
  /** The totals as they were answered, just before each correction, and the position they are as of. */
  beforeCorrections: { position: number; documents: ReturnType<typeof documents> }[];
  accepted: number;
}

async function play(steps: Step[]): Promise<Run> {
  const store = createMemoryStore();
  const commands = new LedgerCommands(store);
  const live = new LiveProjection(store, ledgerProjection);
  await live.start();
  await setUp(commands);
  const beforeCorrections: Run['beforeCorrections'] = [];
  let accepted = 0;
  const recorded: string[] = [];
  for (const [i, step] of steps.entries()) {
    const head = await store.head();
    const asked = step.do === 'correct' ? documents(await replay(store, ledgerProjection)) : undefined;
    if (await apply(commands, step, i, recorded)) accepted += 1;
    const after = await store.head();
    if (asked && after.position > head.position) beforeCorrections.push({ position: head.position, documents: asked });
  }
  return { store, commands, live, beforeCorrections, accepted };
}

async function close(run: Run): Promise<void> {
  await run.live.stop();
  await run.store.close();
}

const sequences = fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' });

test('replaying the same log twice gives deep-equal state, and agrees with the command side', async () => {
  let accepted = 0;
  let asked = 0;
  await fc.assert(
    fc.asyncProperty(sequences, async (steps) => {
      const run = await play(steps);
      try {
        accepted += run.accepted;
        asked += steps.length;
        const first = await replay(run.store, ledgerProjection);
        const second = await replay(run.store, ledgerProjection);
        assert.equal(second, first);
        assert.equal(documents(second), documents(first));
        assert.equal(JSON.stringify(documents(second)), JSON.stringify(documents(first)), 'bit for bit, key order included');
        // Each contribution's review agrees with what its own stream says, and the totals with the
        // values the command side gives each counted contribution under the final rates.
        const rates = [...(await run.commands.programme(P)).state.rates.values()];
        const expected = FILTERS.map(() => ({ cents: 0n, unvalued: [] as string[] }));
        for (const [id, view] of first.state.contributions) {
          const { state, version } = await run.commands.loadStream(contributionStreamOfKey(id));
          assert.is(view.review, state.review, `${id} review`);
          assert.equal(view.content, state.content, `${id} content`);
          assert.is(view.version, version, `${id} version`);
          const content = state.content!;
          const valuation = valueContribution(content, rates);
          FILTERS.forEach((f, i) => {
            if (state.review === 'withdrawn' || state.review === 'rejected') return;
            if (content.status !== f.status || (f.include === 'validated' && state.review !== 'validated')) return;
            if ((f.year !== undefined && content.date.slice(0, 4) !== String(f.year)) || (f.actionId !== undefined && content.actionId !== f.actionId)) return;
            if (valuation.value === null) expected[i]!.unvalued.push(view.contributionId);
            else expected[i]!.cents += BigInt(valuation.value.times(100).toFixed(0));
          });
        }
        documents(first).forEach((doc, i) => {
          assert.is(doc.total, formatCents(new Decimal(expected[i]!.cents.toString()).dividedBy(100)), `total under ${JSON.stringify(FILTERS[i])}`);
          assert.equal(doc.unvalued.map((u) => u.contributionId).sort(), expected[i]!.unvalued.sort());
        });
      } finally {
        await close(run);
      }
    }),
    { numRuns: 60 },
  );
  // The generator must exercise the domain, not just get refused.
  assert.ok(accepted > asked / 2, `only ${accepted} of ${asked} commands were accepted`);
});

test('a correction never changes the totals as of a position before it', async () => {
  let corrections = 0;
  await fc.assert(
    fc.asyncProperty(sequences, async (steps) => {
      const run = await play(steps);
      try {
        for (const { position, documents: asked } of run.beforeCorrections) {
          corrections += 1;
          assert.equal(documents(await replay(run.store, ledgerProjection, { to: position })), asked);
        }
      } finally {
        await close(run);
      }
    }),
    { numRuns: 60 },
  );
  assert.ok(corrections > 10, `only ${corrections} corrections were made`);
});

test('the live projection equals a replay, at every step', async () => {
  await fc.assert(
    fc.asyncProperty(sequences, async (steps) => {
      const store = createMemoryStore();
      const commands = new LedgerCommands(store);
      // Started mid-way too: a live projection resumed from a checkpoint must agree as well.
      const live = new LiveProjection(store, ledgerProjection);
      await live.start();
      let resumed: LiveProjection<LedgerState> | undefined;
      const recorded: string[] = [];
      try {
        await setUp(commands);
        for (const [i, step] of steps.entries()) {
          await apply(commands, step, i, recorded);
          const head = await store.head();
          await live.waitFor(head.position);
          const full = await replay(store, ledgerProjection);
          assert.equal(live.current.state, full.state);
          assert.equal([live.current.position, live.current.hash], [head.position, head.hash]);
          if (i === Math.floor(steps.length / 2)) {
            resumed = new LiveProjection(store, ledgerProjection, await replay(store, ledgerProjection));
            await resumed.start();
          }
          if (resumed) {
            await resumed.waitFor(head.position);
            assert.equal(resumed.current.state, full.state);
          }
        }
      } finally {
        await live.stop();
        await resumed?.stop();
        await store.close();
      }
    }),
    { numRuns: 40 },
  );
});

test('a snapshot at any position, loaded and caught up, gives the state and totals of a replay', async () => {
  let laterRates = 0;
  await fc.assert(
    fc.asyncProperty(sequences, fc.double({ min: 0, max: 1, noNaN: true }), async (steps, cut) => {
      const run = await play(steps);
      try {
        const head = await run.store.head();
        const at = Math.floor(cut * head.position);
        const before = await replay(run.store, ledgerProjection, { to: at });
        const encoded = encodeLedgerState(before.state);
        const loaded = decodeLedgerState(encoded.setUp, () => encoded.ids, encoded.rows);
        // Decoding loses nothing: encoded again, byte for byte the same (Map and Set orders included).
        assert.equal(encodeLedgerState(loaded), encoded);
        const fromSnapshot = await replay(run.store, ledgerProjection, { from: { state: loaded, position: before.position, hash: before.hash } });
        const fromStart = await replay(run.store, ledgerProjection);
        assert.equal(encodeLedgerState(fromSnapshot.state), encodeLedgerState(fromStart.state));
        assert.equal(JSON.stringify(documents(fromSnapshot)), JSON.stringify(documents(fromStart)));
        for (const [id, view] of fromStart.state.contributions) assert.equal(fromSnapshot.state.contributions.get(id), view, id);
        if (steps.slice(Math.floor(cut * steps.length)).some((s) => s.do === 'rate')) laterRates += 1;
      } finally {
        await close(run);
      }
    }),
    { numRuns: 60 },
  );
  // New rates after the snapshot revalue contributions the snapshot holds: that path must be taken.
  assert.ok(laterRates > 10, `only ${laterRates} runs set a rate after the snapshot`);
});

test.run();
