// Two app servers on one PostgreSQL database: each has its own pool and read model (a Socle on a
// store of its own), as two `socle serve` processes would. A contribution recorded through one is
// in the other's totals within FOLLOW_DELAY_MS: the other follows the log by LISTEN/NOTIFY (about a
// round trip), with a poll every second as the bound should a notification be lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { Socle } from '../../src/app/socle.ts';
import { createPostgresStore } from '../../src/store/postgres.ts';
import { DATABASE_URL, dropSchema, randomSchema, requirePostgres } from '../store/postgres-helpers.ts';

await requirePostgres();

/** The stated delay: the notification normally wakes the follower in milliseconds; the poll bounds it at 1 s. */
const FOLLOW_DELAY_MS = 1500;

async function within<T>(ms: number, read: () => Promise<T>, ok: (value: T) => boolean): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    const elapsed = Date.now() - started;
    if (ok(value)) return { value, elapsed };
    if (elapsed > ms) throw new Error(`not seen within ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function cash(contributionId: string, partnerId: string, amount: string) {
  return {
    type: 'RecordContribution' as const,
    programmeId: 'p',
    contributionId,
    content: { partnerId, kind: 'cash', status: 'planned', date: '2024-02-01', amount } as never,
  };
}

test('a contribution recorded on one server is in the other\'s totals within the stated delay, both ways', async () => {
  const schema = randomSchema();
  const one = await Socle.onStore(await createPostgresStore({ connectionString: DATABASE_URL, schema }));
  const two = await Socle.onStore(await createPostgresStore({ connectionString: DATABASE_URL, schema }));
  try {
    await one.commands.handleProgramme({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'P', startsOn: '2024-01-01', endsOn: '2024-12-31' } }, CLI_ACTOR);
    await one.commands.handleProgramme({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } }, CLI_ACTOR);
    // The second server sees the set-up made on the first before it records against it.
    await within(FOLLOW_DELAY_MS, async () => two.live.current.position, (position) => position === 2);
    await two.commands.handleProgramme({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'ccas', name: 'CCAS', category: 'ccas' } }, CLI_ACTOR);

    const filters = { status: 'planned' as const, year: 2024, include: 'active' as const };
    await one.commands.handleContribution(cash('c1', 'caf', '100.10'), CLI_ACTOR);
    const seenOnTwo = await within(FOLLOW_DELAY_MS, () => two.totals('p', filters), (totals) => totals.total === '100.10');
    const recorded = await two.commands.handleContribution(cash('c2', 'ccas', '250.45'), CLI_ACTOR);
    // Read-your-writes on the writer, as the API does after a write: its own model reaches it.
    await two.caughtUpTo(recorded.position);
    // 100.10 + 250.45 = 350.55, worked out by hand.
    const seenOnOne = await within(FOLLOW_DELAY_MS, () => one.totals('p', filters), (totals) => totals.total === '350.55');
    assert.is(seenOnOne.value.asOf.position, 5);
    assert.equal(seenOnOne.value.asOf, (await two.totals('p', filters)).asOf);
    console.log(`followed in ${seenOnTwo.elapsed} ms and ${seenOnOne.elapsed} ms (stated bound ${FOLLOW_DELAY_MS} ms)`);
  } finally {
    await one.close();
    await two.close();
    await one.store.close();
    await two.store.close();
    await dropSchema(schema);
  }
});

test.run();
