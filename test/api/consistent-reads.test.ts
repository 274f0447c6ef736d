// Every read is exactly the ledger as of the position it is stamped with, also while writes go on.
// Given random writes (records, corrections, validations, rejections, withdrawals, new rates) over
// HTTP, when reads of every kind (totals, budget, the contribution list and one contribution, the
// programme, and the four workbooks) are started among them and left running while the next writes
// land, then each answer equals the same read made afterwards with asOf = its stamp (workbooks cell
// by cell, the generation time aside). The server's versions are deep-frozen (the test runner sets
// SOCLE_FREEZE_VERSIONS=1), so a write into a version a reader holds also fails the run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { call, P, setUpProgramme, startHarness, type Harness } from './helpers.ts';
import { provenanceStamp, workbookCells } from '../exports/cells.ts';

type WriteKind = 'record' | 'correct' | 'validate' | 'reject' | 'withdraw' | 'rate';
type ReadKind = 'totals' | 'totalsPlanned' | 'budget' | 'list' | 'detail' | 'programme' | 'wbContributions' | 'wbBudget' | 'wbFundingPlan' | 'wbJournal';

type Op = { write: WriteKind; pick: number; quantity: number } | { read: ReadKind; pick: number } | { pause: number };

const READS: Record<ReadKind, (ids: string[], pick: number) => string> = {
  totals: () => `/api/programmes/${P}/totals`,
  totalsPlanned: () => `/api/programmes/${P}/totals?status=planned&year=2024`,
  budget: () => `/api/programmes/${P}/budget?actionId=a1`,
  list: () => `/api/programmes/${P}/contributions`,
  detail: (ids, pick) => `/api/programmes/${P}/contributions/${ids[pick % ids.length]}`,
  programme: () => `/api/programmes/${P}`,
  wbContributions: () => `/api/programmes/${P}/exports/contributions.xlsx`,
  wbBudget: () => `/api/programmes/${P}/exports/budget.xlsx?actionId=a1`,
  wbFundingPlan: () => `/api/programmes/${P}/exports/funding-plan.xlsx`,
  wbJournal: () => `/api/programmes/${P}/exports/journal.xlsx`,
};

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ write: fc.constantFrom<WriteKind>('record', 'correct', 'validate', 'reject', 'withdraw', 'rate'), pick: fc.nat(50), quantity: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 4, arbitrary: fc.record({ read: fc.constantFrom<ReadKind>(...(Object.keys(READS) as ReadKind[])), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ pause: fc.integer({ min: 1, max: 6 }) }) },
);

interface Known {
  version: number;
  review: 'pending' | 'validated' | 'withdrawn' | 'rejected';
}

/** A read as answered: its stamp and what to compare. */
interface Answered {
  path: string;
  position: number;
  headHash: string;
  body: unknown;
}

/** Contributions on the ledger before the random steps. */
const SEEDED = 150;
const COORDINATOR = { name: 'test:coordination', role: 'coordinator' } as const;

const withAsOf = (path: string, position: number) => `${path}${path.includes('?') ? '&' : '?'}asOf=${position}`;

async function read(h: Harness, path: string): Promise<Answered> {
  const isWorkbook = path.includes('/exports/');
  let response = await fetch(h.url + path, { headers: { authorization: `Bearer ${h.tokens.auditor}` } });
  // One token may have only a few heavy reads in flight (read-limits.ts): wait and ask again, as a client would.
  while (response.status === 429) {
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    response = await fetch(h.url + path, { headers: { authorization: `Bearer ${h.tokens.auditor}` } });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${new TextDecoder().decode(bytes)}`);
  if (isWorkbook) {
    const stamp = await provenanceStamp(bytes);
    assert.is(response.headers.get('x-socle-position'), String(stamp.position), `${path}: the header and the Provenance name one position`);
    assert.is(response.headers.get('x-socle-head-hash'), stamp.headHash);
    return { path, ...stamp, body: await workbookCells(bytes) };
  }
  const json = JSON.parse(new TextDecoder().decode(bytes)) as { asOf: { position: number; headHash: string } };
  return { path, position: json.asOf.position, headHash: json.asOf.headHash, body: json };
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function write(h: Harness, op: Extract<Op, { write: WriteKind }>, known: Map<string, Known>, serial: number): Promise<void> {
  const t = h.tokens.coordinator;
  const base = `/api/programmes/${P}`;
  const ids = [...known.keys()];
  const target = ids.length === 0 ? undefined : ids[op.pick % ids.length]!;
  const state = target === undefined ? undefined : known.get(target)!;
  const counted = state !== undefined && (state.review === 'pending' || state.review === 'validated');
  const content = (quantity: number) => ({ partnerId: op.pick % 2 === 0 ? 'ccas' : 'asso', kind: 'staff_time', status: op.pick % 3 === 0 ? 'planned' : 'actual', date: '2024-03-01', quantity: String(quantity), actionId: 'a1' });
  const expect = async (path: string, body: object, status: number) => {
    const answer = await call(h.url, 'POST', path, { token: t, body });
    assert.is(answer.status, status, `${path}: ${answer.text}`);
  };
  switch (op.write) {
    case 'record': {
      const id = `c-${serial}`;
      await expect(`${base}/contributions`, { id, ...content(op.quantity) }, 201);
      known.set(id, { version: 1, review: 'pending' });
      return;
    }
    case 'rate':
      await expect(`${base}/rates`, { id: `r-${serial}`, kind: 'staff_time', unit: 'hour', amount: `${10 + op.quantity}.50`, validFrom: '2024-01-01', basis: 'nouveau coût chargé' }, 201);
      return;
    case 'correct':
      if (!counted) return;
      await expect(`${base}/contributions/${target}/corrections`, { expectedVersion: state.version, reason: 'erreur de saisie', ...content(op.quantity + 1) }, 200);
      known.set(target!, { version: state.version + 1, review: 'pending' });
      return;
    case 'validate':
      if (state?.review !== 'pending') return;
      await expect(`${base}/contributions/${target}/validation`, { expectedVersion: state.version }, 200);
      known.set(target!, { version: state.version + 1, review: 'validated' });
      return;
    case 'reject':
    case 'withdraw':
      // A validated contribution is withdrawn, never rejected.
      if (!counted || (op.write === 'reject' && state.review !== 'pending')) return;
      await expect(`${base}/contributions/${target}/${op.write === 'reject' ? 'rejection' : 'withdrawal'}`, { expectedVersion: state.version, reason: 'doublon' }, 200);
      known.set(target!, { version: state.version + 1, review: op.write === 'reject' ? 'rejected' : 'withdrawn' });
      return;
  }
}

test('each read, made while writes land, equals the same read as of its stamp', async () => {
  let readsChecked = 0;
  let readsOverlappingWrites = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 30 }), async (ops) => {
      const h = await startHarness();
      try {
        await setUpProgramme(h);
        const known = new Map<string, Known>();
        // More rows than an exporter writes between two of its awaits, so that writes land mid-export.
        for (let i = 0; i < SEEDED; i++) {
          const content = { partnerId: i % 2 === 0 ? 'ccas' : 'asso', kind: 'staff_time', status: 'actual', date: '2024-02-01', quantity: String(1 + (i % 7)), actionId: 'a1' } as const;
          await h.socle.commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId: `seed-${i}`, content }, COORDINATOR);
          known.set(`seed-${i}`, { version: 1, review: 'pending' });
        }
        const inFlight: { promise: Promise<Answered>; startedAt: number }[] = [];
        for (const [serial, op] of ops.entries()) {
          if ('pause' in op) await ticks(op.pause);
          else if ('read' in op) {
            const startedAt = (await h.socle.store.head()).position;
            const promise = read(h, READS[op.read]([...known.keys()], op.pick));
            promise.catch(() => {}); // awaited below; marked handled so a failure fails the property, not the process
            inFlight.push({ promise, startedAt });
          } else await write(h, op, known, serial + 1);
        }
        const answers = await Promise.all(inFlight.map((r) => r.promise));
        const head = (await h.socle.store.head()).position;
        for (const [i, answer] of answers.entries()) {
          if (answer.position > inFlight[i]!.startedAt || head > answer.position) readsOverlappingWrites += 1;
          const again = await read(h, withAsOf(answer.path, answer.position));
          assert.is(again.position, answer.position);
          assert.is(again.headHash, answer.headHash, `${answer.path}: the hash of position ${answer.position}`);
          assert.equal(again.body, answer.body, `${answer.path} as of ${answer.position}`);
          readsChecked += 1;
        }
      } finally {
        await h.stop();
      }
    }),
    { numRuns: 12, includeErrorInReport: true },
  );
  assert.ok(readsChecked > 40, `only ${readsChecked} reads were checked`);
  assert.ok(readsOverlappingWrites > 10, `only ${readsOverlappingWrites} reads ran while the ledger moved`);
});

test.run();
