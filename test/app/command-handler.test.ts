// The one command handler (src/app/command-handler.ts), given/when/then on a real SQLite file with
// the programme decider: what it writes, when it writes nothing, how it meets a stale expected
// version and a concurrent writer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handle, loadStream } from '../../src/app/command-handler.ts';
import { toNewEvents } from '../../src/app/to-new-events.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { programmeDecider, type ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { programmeStream } from '../../src/domain/events.ts';
import { ConflictError } from '../../src/domain/errors.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { VersionConflictError, type EventStore } from '../../src/store/port.ts';

const STREAM = programmeStream('p');
const OPEN: ProgrammeCommand = { type: 'OpenProgramme', data: { programmeId: 'p', name: 'P', startsOn: '2024-01-01', endsOn: '2024-12-31' } };
const partner = (partnerId: string, name = partnerId): ProgrammeCommand => ({ type: 'AddPartner', data: { programmeId: 'p', partnerId, name, category: 'association' } });
const options = { actor: CLI_ACTOR, context: () => undefined };

function store(): EventStore {
  return createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'socle-handler-')), 'socle.sqlite') });
}

/** Given a programme opened with one partner (stream version 2). */
async function given(): Promise<EventStore> {
  const s = store();
  await handle(s, programmeDecider, STREAM, OPEN, options);
  await handle(s, programmeDecider, STREAM, partner('caf'), options);
  return s;
}

test('when a command decides an event, then it is appended after the version read and folded into the state', async () => {
  const s = await given();
  const handled = await handle(s, programmeDecider, STREAM, partner('ccas'), options);
  assert.is(handled.version, 3);
  assert.is(handled.position, 3);
  assert.equal(handled.events.map((e) => e.type), ['PartnerJoined']);
  assert.equal([...handled.state.partners.keys()], ['caf', 'ccas']);
  assert.equal([...(await loadStream(s, programmeDecider, STREAM)).state.partners.keys()], ['caf', 'ccas']);
});

test('when the command repeats a stored one, then nothing is written and the position is null', async () => {
  const s = await given();
  const handled = await handle(s, programmeDecider, STREAM, partner('caf'), options);
  assert.equal({ version: handled.version, position: handled.position, events: handled.events }, { version: 2, position: null, events: [] });
  assert.is((await s.head()).position, 2);
});

test('when the decider refuses, then the error is its own and nothing is written', async () => {
  const s = await given();
  try {
    await handle(s, programmeDecider, STREAM, partner('caf', 'Autre nom'), options);
    assert.unreachable('a partner id with other content is a conflict');
  } catch (error) {
    assert.instance(error, ConflictError);
  }
  assert.is((await s.head()).position, 2);
});

test('when the caller saw an older version, then it is a version conflict, not retried, nothing written', async () => {
  const s = await given();
  let loads = 0;
  try {
    await handle(s, programmeDecider, STREAM, partner('ccas'), { ...options, expectedVersion: 1, attempts: 3, load: () => (loads++, loadStream(s, programmeDecider, STREAM)) });
    assert.unreachable('stale');
  } catch (error) {
    assert.instance(error, VersionConflictError);
  }
  assert.is(loads, 1);
  assert.is((await s.head()).position, 2);
});

test('when another writer appends between the read and the append, then the handler reads again and decides on what it finds', async () => {
  const s = await given();
  let loads = 0;
  const racing = async () => {
    const loaded = await loadStream(s, programmeDecider, STREAM);
    // The other writer records the same partner first, after this read.
    if (loads++ === 0) await s.appendToStream(STREAM, toNewEvents([{ type: 'PartnerJoined', data: { programmeId: 'p', partnerId: 'ccas', name: 'ccas', category: 'association' } }], CLI_ACTOR));
    return loaded;
  };
  const handled = await handle(s, programmeDecider, STREAM, partner('ccas'), { ...options, attempts: 2, load: racing });
  assert.is(loads, 2);
  assert.equal(handled.events, [], 'on the fresh read the same partner is already there: nothing to decide');
  assert.is((await s.head()).position, 3, 'one PartnerJoined, the other writer’s');

  const t = await given();
  loads = 0;
  const racingT = async () => {
    const loaded = await loadStream(t, programmeDecider, STREAM);
    if (loads++ === 0) await t.appendToStream(STREAM, toNewEvents([{ type: 'PartnerJoined', data: { programmeId: 'p', partnerId: 'ccas', name: 'ccas', category: 'association' } }], CLI_ACTOR));
    return loaded;
  };
  try {
    await handle(t, programmeDecider, STREAM, partner('ccas'), { ...options, attempts: 1, load: racingT });
    assert.unreachable('one attempt only');
  } catch (error) {
    assert.instance(error, VersionConflictError);
  }
  assert.is((await t.head()).position, 3);
});

test('when a check refuses what was read, then nothing is decided or written', async () => {
  const s = await given();
  let decided = false;
  const decider = { ...programmeDecider, decide: (c: ProgrammeCommand, st: Parameters<typeof programmeDecider.decide>[1]) => ((decided = true), programmeDecider.decide(c, st)) };
  try {
    await handle(s, decider, STREAM, partner('ccas'), { ...options, check: () => { throw new ConflictError('refusé'); } });
    assert.unreachable('checked');
  } catch (error) {
    assert.instance(error, ConflictError);
  }
  assert.is(decided, false);
  assert.is((await s.head()).position, 2);
});

test('with stateAfter false, the loaded state is left as it was read (a cache that evolve would mutate)', async () => {
  const s = await given();
  const loaded = await loadStream(s, programmeDecider, STREAM);
  const handled = await handle(s, programmeDecider, STREAM, partner('ccas'), { ...options, load: async () => loaded, stateAfter: false });
  assert.is(handled.version, 3);
  assert.equal([...loaded.state.partners.keys()], ['caf']);
});

test.run();
