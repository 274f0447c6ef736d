// `socle log import` meets the cap on contributions per programme (src/domain/limits.ts) as the
// writers do: an imported log whose programme holds one contribution too many is refused at that
// event, with a French sentence, whatever its hash chain says.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LedgerCommands } from '../../src/app/commands.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { ImportDomainCheck, ImportRefusal } from '../../src/app/import-domain-check.ts';
import { createMemoryStore } from '../../src/store/memory.ts';

test('given a log with three contributions in one programme, when imported under a cap of two, then the third is refused', async () => {
  const store = createMemoryStore();
  const commands = new LedgerCommands(store);
  await commands.handleProgramme({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'P', startsOn: '2024-01-01', endsOn: '2024-12-31' } }, CLI_ACTOR);
  await commands.handleProgramme({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } }, CLI_ACTOR);
  for (const id of ['c1', 'c2', 'c3'])
    await commands.handleContribution(
      { type: 'RecordContribution', programmeId: 'p', contributionId: id, content: { partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-02-01', amount: '100' } as never },
      CLI_ACTOR,
    );
  const events = [];
  for await (const event of store.readAll()) events.push(event);
  const check = new ImportDomainCheck(2);
  const accepted: string[] = [];
  let refusal: unknown;
  for (const event of events) {
    try {
      check.accept(event);
      accepted.push(event.stream);
    } catch (error) {
      refusal = error;
      break;
    }
  }
  assert.instance(refusal, ImportRefusal);
  assert.match((refusal as Error).message, 'le programme compte déjà 2 contributions');
  // Opening, the partner, c1 and c2 passed; c3 is where it stopped.
  assert.is(accepted.length, 4);
  assert.ok(!accepted.some((stream) => stream.includes('c3')));
});

test('given the same log, when imported under the real cap, then every event is accepted', async () => {
  const store = createMemoryStore();
  const commands = new LedgerCommands(store);
  await commands.handleProgramme({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'P', startsOn: '2024-01-01', endsOn: '2024-12-31' } }, CLI_ACTOR);
  await commands.handleProgramme({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } }, CLI_ACTOR);
  await commands.handleContribution(
    { type: 'RecordContribution', programmeId: 'p', contributionId: 'c1', content: { partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-02-01', amount: '100' } as never },
    CLI_ACTOR,
  );
  const check = new ImportDomainCheck();
  let accepted = 0;
  for await (const event of store.readAll()) accepted += (check.accept(event), 1);
  assert.is(accepted, 3);
});

test.run();
