// A closed year's account (src/app/closings.ts): the closed figures never change whatever is
// appended later, and the "Écarts postérieurs à la clôture" account for the whole difference with
// the live figures. Expected figures by hand in the comments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Socle } from '../../src/app/socle.ts';
import { closedAccount } from '../../src/app/closings.ts';
import { CLI_ACTOR, type Actor } from '../../src/domain/actor.ts';
import { ConflictError, ForbiddenError } from '../../src/domain/errors.ts';
import { createMemoryStore } from '../../src/store/memory.ts';

const P = 'acte3';
const treasurer: Actor = { name: 'trésorière', role: 'treasurer' };

async function ledger() {
  const socle = await Socle.onStore(createMemoryStore());
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => socle.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: P, name: 'Acte 3', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: P, partnerId: 'caf', name: 'CAF', category: 'caf' } });
  const grant = (id: string, date: string, amount: string, status: 'planned' | 'actual' = 'actual') =>
    socle.commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId: id, content: { partnerId: 'caf', kind: 'cash', status, date, amount } }, CLI_ACTOR);
  const caughtUp = async () => socle.caughtUpTo((await socle.store.head()).position);
  return { socle, setUp, grant, caughtUp };
}

test('given a closed 2024, when a 2024 grant is corrected and one added: the closed account stays, the adjustments list both with who, why and the effect', async () => {
  const { socle, grant, caughtUp } = await ledger();
  try {
    await grant('g1', '2024-03-01', '1000');
    await grant('g2', '2025-01-10', '300');
    const closed = await socle.commands.closePeriod({ programmeId: P, year: 2024, reason: 'compte rendu 2024 envoyé' }, CLI_ACTOR);
    await socle.commands.handleContribution({ type: 'CorrectContribution', programmeId: P, contributionId: 'g1', reason: 'avenant signé', content: { partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-03-01', amount: '1100' } }, CLI_ACTOR);
    await grant('g3', '2024-12-20', '50.25');
    await grant('g4', '2025-02-01', '999');
    await caughtUp();
    const account = await closedAccount(socle, P, 2024);
    assert.is(account.closing.position, closed.position! - 1, 'the head just before the closing');
    assert.is(account.closing.reason, 'compte rendu 2024 envoyé');
    // Closed: g1 alone, 1000.00. Live: 1100.00 + 50.25 = 1150.25 (g2, g4 are 2025's).
    assert.is(account.closed.actual.total, '1000.00');
    assert.is(account.live.actual, '1150.25');
    assert.equal(
      account.adjustments.map((a) => [a.change, a.contributionId, a.actor, a.reason ?? null, a.effect.actual]),
      [
        ['correction', 'g1', 'cli', 'avenant signé', '100.00'],
        ['enregistrement', 'g3', 'cli', null, '50.25'],
      ],
    );
    assert.equal(account.differences.find((d) => d.key === 'actual:total')?.difference, '150.25');
  } finally {
    await socle.close();
  }
});

test('closing is the coordinator’s; closing twice is refused; an account of an open year is refused', async () => {
  const { socle } = await ledger();
  try {
    const refused = await socle.commands.closePeriod({ programmeId: P, year: 2024, reason: 'x' }, treasurer).catch((e: unknown) => e);
    assert.instance(refused, ForbiddenError);
    await socle.commands.closePeriod({ programmeId: P, year: 2024, reason: 'clôture' }, CLI_ACTOR);
    assert.instance(await socle.commands.closePeriod({ programmeId: P, year: 2024, reason: 'encore' }, CLI_ACTOR).catch((e: unknown) => e), ConflictError);
    assert.instance(await closedAccount(socle, P, 2025).catch((e: unknown) => e), ConflictError);
  } finally {
    await socle.close();
  }
});

test('property: a closed year’s figures never change whatever is appended later, and the adjustments account for the whole difference', async () => {
  const grantArb = fc.record({ year: fc.constantFrom(2024, 2025), cents: fc.integer({ min: 1, max: 10_000_000 }), planned: fc.boolean(), withdraw: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(fc.array(grantArb, { maxLength: 6 }), fc.array(grantArb, { minLength: 1, maxLength: 8 }), async (before, after) => {
      const { socle, grant, caughtUp } = await ledger();
      try {
        let n = 0;
        const write = async (g: (typeof before)[number]) => {
          const id = `g${n++}`;
          await grant(id, `${g.year}-06-01`, (g.cents / 100).toFixed(2), g.planned ? 'planned' : 'actual');
          if (g.withdraw) await socle.commands.handleContribution({ type: 'WithdrawContribution', programmeId: P, contributionId: id, reason: 'doublon' }, CLI_ACTOR);
        };
        for (const g of before) await write(g);
        await socle.commands.closePeriod({ programmeId: P, year: 2024, reason: 'clôture' }, CLI_ACTOR);
        await caughtUp();
        const first = await closedAccount(socle, P, 2024);
        for (const g of after) {
          await write(g);
          await caughtUp();
          const account = await closedAccount(socle, P, 2024);
          assert.equal(account.closed, first.closed, 'closed figures unchanged');
          for (const status of ['planned', 'actual'] as const) {
            const cents = (text: string) => Math.round(Number(text) * 100);
            const explained = account.adjustments.reduce((sum, a) => sum + cents(a.effect[status]), 0);
            assert.is(explained, cents(account.live[status]) - cents(account.closed[status].total), status);
          }
        }
      } finally {
        await socle.close();
      }
    }),
    { numRuns: 25 },
  );
});

test.run();
