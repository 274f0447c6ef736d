// As of a date: a date or an ISO instant names the ledger after the last event recorded at or
// before it (src/app/as-of-date.ts, EventStore.positionAt). The expected position is found here by
// walking the events the store hands back, never by the code under test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { RecordedEvent } from '../../src/store/port.ts';
import { collect } from '../store/contract.ts';

const P = 'acte3';
const OPENED = Date.parse('2025-01-06T09:00:00.000Z');
const DAY = 86_400_000;

/** A programme opened on 6 January 2025, then `steps` contributions, each `gap` minutes after the last. */
async function ledger(gaps: number[], clockNow = new Date('2025-06-30T12:00:00.000Z')) {
  let now = OPENED;
  const store = createMemoryStore({ clock: () => new Date(now) });
  const socle = await Socle.onStore(store, undefined, { now: () => clockNow });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => socle.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: P, name: 'Acte 3', startsOn: '2025-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: P, partnerId: 'caf', name: 'CAF', category: 'caf' } });
  for (const [i, gap] of gaps.entries()) {
    now += gap * 60_000;
    await socle.commands.handleContribution(
      { type: 'RecordContribution', programmeId: P, contributionId: `c${i}`, content: { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2025-03-01', amount: `${100 + i}` } },
      CLI_ACTOR,
    );
  }
  await socle.caughtUpTo((await store.head()).position);
  return { socle, store, events: await collect(store.readAll()) };
}

/** By hand: the last event whose recordedAt is at or before the instant. */
function lastAtOrBefore(events: RecordedEvent[], instant: string): number {
  let found = 0;
  for (const event of events) if (Date.parse(event.recordedAt) <= Date.parse(instant)) found = event.position;
  return found;
}

test('property: the totals as of a date equal the totals as of the position it resolves to, the last event recorded at or before it', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 40 * DAY }),
      fc.boolean(),
      async (gaps, offset, asDay) => {
        const { socle, events } = await ledger(gaps);
        try {
          const instant = new Date(OPENED + offset).toISOString();
          const asked = asDay ? instant.slice(0, 10) : instant;
          // A day reads to its end (UTC).
          const named = asDay ? `${asked}T23:59:59.999Z` : instant;
          const expected = lastAtOrBefore(events, named);
          const resolved = await socle.positionAsked(P, { asOfDate: asked });
          assert.is(resolved.asOf, expected, `${asked} → ${expected}`);
          assert.equal(resolved.date?.instant, named);
          assert.is(resolved.date?.hash, events[expected - 1]!.hash);
          const filters = { status: 'actual', include: 'active' } as const;
          assert.equal(await socle.totals(P, filters, resolved.asOf), await socle.totals(P, filters, expected));
          // And the figure, by hand: contributions c0…c(k-1) of 100 + i euros are in it.
          const counted = events.slice(0, expected).filter((e) => e.type === 'ContributionRecorded').length;
          const euros = Array.from({ length: counted }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
          assert.is((await socle.totals(P, filters, resolved.asOf)).total, `${euros}.00`);
        } finally {
          await socle.close();
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('an instant with an offset names the same UTC instant; equal to recordedAt counts the event', async () => {
  const { socle, events } = await ledger([60, 60, 60]);
  try {
    const second = events[3]!; // c1, recorded at 11:00Z
    assert.is(second.recordedAt, '2025-01-06T11:00:00.000Z');
    assert.is((await socle.positionAsked(P, { asOfDate: '2025-01-06T12:00+01:00' })).asOf, 4);
    assert.is((await socle.positionAsked(P, { asOfDate: '2025-01-06T10:59:59.999Z' })).asOf, 3);
    assert.is((await socle.positionAsked(P, { asOfDate: '2025-01-06' })).asOf, 5);
  } finally {
    await socle.close();
  }
});

async function refusal(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

test('bad dates: before the first event, malformed, in the future, with a position — one clear French error, nothing written', async () => {
  const { socle, store } = await ledger([5, 5], new Date('2025-02-01T08:00:00.000Z'));
  try {
    const head = await store.head();
    const cases: [string | { asOf: number; asOfDate: string }, RegExp][] = [
      ['2025-01-05', /^asOfDate: la date 2025-01-05 précède le premier événement du programme acte3 \(enregistré le 2025-01-06T09:00:00\.000Z\)/],
      ['2025-01-06T08:59:59Z', /précède le premier événement/],
      ['31/01/2025', /^asOfDate: attendu une date AAAA-MM-JJ ou un instant ISO 8601 avec son fuseau .*pas « 31\/01\/2025 »$/],
      ['2025-02-30', /pas « 2025-02-30 »/],
      ['2025-01-31T18:00:00', /pas « 2025-01-31T18:00:00 »/],
      ['2025-01-31T25:00Z', /pas « 2025-01-31T25:00Z »/],
      ['2025-02-02', /^asOfDate: la date 2025-02-02 est dans le futur \(il est 2025-02-01T08:00:00\.000Z\)/],
      ['2025-02-01T09:00:00Z', /est dans le futur/],
      [{ asOf: 2, asOfDate: '2025-01-20' }, /pas les deux/],
    ];
    for (const [asked, message] of cases) {
      const error = await refusal(() => socle.positionAsked(P, typeof asked === 'string' ? { asOfDate: asked } : asked));
      assert.instance(error, InvalidCommandError, String(asked));
      assert.match(error.message, message);
      assert.not.match(error.message, /\n/);
    }
    // Today is no future: it reads up to now.
    assert.is((await socle.positionAsked(P, { asOfDate: '2025-02-01' })).asOf, head.position);
    assert.instance(await refusal(() => socle.positionAsked('nowhere', { asOfDate: '2025-01-20' })), NotFoundError);
    assert.equal(await store.head(), head, 'nothing written');
  } finally {
    await socle.close();
  }
});

test.run();
