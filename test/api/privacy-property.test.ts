// The property of issue 20: for random logs, everything a partner token reads is a function of its
// own events and of the documented aggregates only (docs/api.md, "Confidentialité"). Each random log
// is written twice, on two real servers: once as generated, once with the other partners' events
// shuffled and re-valued within the same aggregates (between two publications, the same sums per
// status × year × action × in kind/cash and the same count of unvalued ones, at the same positions;
// other ids, dates, partners and amounts). The partner's answers, at every position and live, are
// the same bytes — but for the head hashes, which chain every event and so differ by construction
// (a hash tells nothing that a partner could use: see the section).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { startServer } from '../../src/api/server.ts';
import { Socle } from '../../src/app/socle.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { ContributionCommand } from '../../src/domain/contribution/decider.ts';
import type { ContributionContent } from '../../src/domain/events.ts';
import { TokenStore } from '../../src/auth/token-store.ts';
import { call, P, setUpProgramme, createTokens, type Harness } from './helpers.ts';

const test = suite('privacy property');

type Status = 'actual' | 'planned';
interface OtherRecord {
  who: 'other';
  kind: 'cash' | 'staff_time' | 'volunteer_time';
  status: Status;
  year: 2024 | 2025;
  action: 'a1' | 'a2' | null;
  /** Cents for cash, hundredths of an hour for time. */
  size: number;
}
type Op =
  | OtherRecord
  | { who: 'own'; type: 'record'; kind: 'cash' | 'staff_time'; status: Status; year: 2024 | 2025; size: number }
  | { who: 'own'; type: 'correct' | 'withdraw'; index: number; size: number }
  | { who: 'publish' };

const status = fc.constantFrom<Status>('actual', 'planned');
const year = fc.constantFrom<2024 | 2025>(2024, 2025);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ who: fc.constant('other' as const), kind: fc.constantFrom('cash' as const, 'staff_time' as const, 'volunteer_time' as const), status, year, action: fc.constantFrom('a1' as const, 'a2' as const, null), size: fc.integer({ min: 2, max: 90_000 }) }) },
  { weight: 2, arbitrary: fc.record({ who: fc.constant('own' as const), type: fc.constant('record' as const), kind: fc.constantFrom('cash' as const, 'staff_time' as const), status, year, size: fc.integer({ min: 1, max: 90_000 }) }) },
  { weight: 1, arbitrary: fc.record({ who: fc.constant('own' as const), type: fc.constantFrom('correct' as const, 'withdraw' as const), index: fc.nat(20), size: fc.integer({ min: 1, max: 90_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ who: 'publish' as const }) },
);

const COORDINATOR: Actor = { name: 'coordination', role: 'coordinator' };
const CCAS: Actor = { name: 'partner ccas', role: 'partner', partnerId: 'ccas' };
const ASSO: Actor = { name: 'partner asso', role: 'partner', partnerId: 'asso' };
const FILTERS = ['', 'status=planned', 'year=2024', 'year=2025', 'actionId=a1', 'actionId=a2', 'include=validated'];

const decimal = (hundredths: number) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;

function otherContent(r: OtherRecord, partnerId: string, day: number): ContributionContent {
  const date = `${r.year}-${String(1 + (day % 12)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
  const where = r.action === null ? {} : { actionId: r.action };
  if (r.kind === 'cash') return { partnerId, kind: 'cash', status: r.status, date, unit: 'eur', amount: decimal(r.size), ...where };
  return { partnerId, kind: r.kind, status: r.status, date, unit: 'hour', quantity: decimal(r.size), ...where };
}

/** A small deterministic generator, seeded by fast-check, for the rewriting of the others' events. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

interface Slot {
  /** The partner the event is for, and its content. */
  partnerId: string;
  record: OtherRecord;
  day: number;
}

/**
 * The others' records, segment by segment (between publications), as the two logs write them: the
 * first as generated; the second shuffled within the segment, each group of one cell (status, year,
 * action, kind, and partner for time, whose value depends on the partner's rate) re-split so that
 * its sum stays, cash moved between the other partners at random.
 */
function othersOf(ops: Op[], seed: number, rewrite: boolean): Slot[] {
  const next = random(seed);
  const slots: Slot[] = [];
  let segment: Slot[] = [];
  const flush = () => {
    if (rewrite) {
      const groups = new Map<string, Slot[]>();
      for (const s of segment) {
        const r = s.record;
        const key = `${r.status}|${r.year}|${r.action}|${r.kind}|${r.kind === 'cash' ? '' : s.partnerId}`;
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
      for (const group of groups.values()) {
        if (group[0]!.record.kind !== 'cash') {
          // Time is valued one by one and rounded (or, unvalued, only counted): the same multiset of
          // quantities keeps the sum of the values and the count.
          const sizes = group.map((s) => s.record.size).sort(() => next() - 0.5);
          group.forEach((s, i) => (s.record = { ...s.record, size: sizes[i]! }));
        } else {
          // Cash: any split of the sum, a cent at least each, between the other partners at random.
          const sum = group.reduce((t, s) => t + s.record.size, 0);
          let left = sum;
          group.forEach((s, i) => {
            const rest = group.length - 1 - i;
            const size = i === group.length - 1 ? left : 1 + Math.floor(next() * (left - rest - 1));
            left -= size;
            s.record = { ...s.record, size };
            s.partnerId = next() < 0.5 ? 'asso' : 'caf';
          });
        }
      }
      for (const s of segment) s.day = Math.floor(next() * 1000);
      segment.sort(() => next() - 0.5);
    }
    slots.push(...segment);
    segment = [];
  };
  ops.forEach((o, i) => {
    if (o.who === 'publish') flush();
    if (o.who === 'other') segment.push({ partnerId: o.kind === 'cash' && i % 2 ? 'caf' : 'asso', record: { ...o }, day: i });
  });
  flush();
  return slots;
}

async function writeLog(socle: Socle, ops: Op[], others: Slot[], tag: string): Promise<void> {
  const contribution = (command: ContributionCommand, actor: Actor, expected?: number) => socle.commands.handleContribution(command, actor, expected);
  let other = 0;
  const own: { id: string; version: number; live: boolean; content: ContributionContent }[] = [];
  for (const [i, o] of ops.entries()) {
    if (o.who === 'publish') {
      await socle.commands.handleProgramme({ type: 'PublishFigures', data: { programmeId: P, publicationId: `pub${i}` } }, COORDINATOR);
    } else if (o.who === 'other') {
      const slot = others[other++]!;
      const actor = slot.partnerId === 'asso' ? ASSO : COORDINATOR;
      await contribution({ type: 'RecordContribution', programmeId: P, contributionId: `${tag}-o${i}`, content: otherContent(slot.record, slot.partnerId, slot.day) }, actor);
    } else if (o.type === 'record') {
      const content: ContributionContent =
        o.kind === 'cash'
          ? { partnerId: 'ccas', kind: 'cash', status: o.status, date: `${o.year}-02-03`, unit: 'eur', amount: decimal(o.size), actionId: 'a1' }
          : { partnerId: 'ccas', kind: 'staff_time', status: o.status, date: `${o.year}-02-03`, unit: 'hour', quantity: decimal(o.size), actionId: 'a2' };
      const id = `m${i}`;
      await contribution({ type: 'RecordContribution', programmeId: P, contributionId: id, content }, CCAS);
      own.push({ id, version: 1, live: true, content });
    } else {
      const target = own.filter((c) => c.live)[o.index % Math.max(1, own.filter((c) => c.live).length)];
      // A correction or withdrawal of nothing yet: an event of nobody, skipped in both logs alike.
      if (target === undefined) continue;
      if (o.type === 'withdraw') {
        await contribution({ type: 'WithdrawContribution', programmeId: P, contributionId: target.id, reason: 'retrait' }, CCAS, target.version);
        target.live = false;
      } else {
        const content = target.content.kind === 'cash' ? { ...target.content, amount: decimal(o.size) } : { ...target.content, quantity: decimal(o.size) };
        if (JSON.stringify(content) === JSON.stringify(target.content)) continue;
        await contribution({ type: 'CorrectContribution', programmeId: P, contributionId: target.id, reason: 'correction', content }, CCAS, target.version);
        target.version++;
        target.content = content;
      }
    }
  }
}

/** Everything the partner reads, at every position and live, head hashes and request ids left out. */
async function partnerReads(h: Harness): Promise<string[]> {
  const head = (await h.socle.store.head()).position;
  const token = h.tokens.partner;
  const read = async (path: string) => {
    const a = await call(h.url, 'GET', path, { token });
    return `${a.status} ${path} ${JSON.stringify(a.json, (k, v) => (k === 'headHash' || k === 'requestId' ? undefined : v))}`;
  };
  const reads: string[] = [];
  const own = (await call(h.url, 'GET', `/api/programmes/${P}/contributions`, { token })).json.contributions.map((c: { id: string }) => c.id);
  for (const n of [...Array.from({ length: head + 1 }, (_, i) => String(i + 1)), 'live']) {
    const q = n === 'live' ? '' : `asOf=${n}`;
    for (const f of FILTERS) reads.push(await read(`/api/programmes/${P}/totals?${[q, f].filter(Boolean).join('&')}`));
    reads.push(await read(`/api/programmes/${P}?${q}`));
    reads.push(await read(`/api/programmes/${P}/contributions?${q}`));
    for (const id of own) reads.push(await read(`/api/programmes/${P}/contributions/${id}?${q}`));
  }
  reads.push(await read('/api/programmes'));
  return reads;
}

async function harness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'socle-privacy-'));
  const tokenStore = TokenStore.open({ dataDir: dir });
  // One instant for every event: the partner sees its own events' times, which must not differ by the run's timing.
  const socle = await Socle.open({ dataDir: dir, clock: () => new Date('2025-06-01T08:00:00.000Z') });
  const server = await startServer({ socle, tokens: tokenStore, host: '127.0.0.1', port: 0, webDir: null });
  return {
    dir, url: server.url, socle, tokens: createTokens(tokenStore), tokenStore, server,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("a partner's reads are the same when the others' events are shuffled and re-valued within the published aggregates", async () => {
  let differed = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 22 }), fc.integer(), async (ops, seed) => {
      const [a, b] = [await harness(), await harness()];
      try {
        for (const h of [a, b]) {
          await setUpProgramme(h);
          // Another partner's own rate, which values its time differently from the programme's.
          await h.socle.commands.handleProgramme(
            { type: 'SetValuationRate', data: { programmeId: P, rateId: 'r-asso', kind: 'staff_time', unit: 'hour', amount: '20.5', validFrom: '2023-01-01', partnerId: 'asso', basis: 'fiche de paie' } },
            COORDINATOR,
          );
        }
        const original = othersOf(ops, seed, false);
        const rewritten = othersOf(ops, seed, true);
        await writeLog(a.socle, ops, original, 'a');
        await writeLog(b.socle, ops, rewritten, 'b');
        assert.is((await a.socle.store.head()).position, (await b.socle.store.head()).position, 'the same positions');
        // The auditor's totals differ when the rewriting moved anything: the property is not empty.
        const whole = async (h: Harness) => (await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token: h.tokens.auditor })).text;
        if ((await whole(a)).replace(/"headHash":"\w+"/, '') !== (await whole(b)).replace(/"headHash":"\w+"/, '')) differed++;
        assert.equal(await partnerReads(b), await partnerReads(a));
      } finally {
        await a.stop();
        await b.stop();
      }
    }),
    { numRuns: 12 },
  );
  assert.ok(differed >= 3, `the others' figures differed in ${differed} of 12 runs`);
});

test.run();
