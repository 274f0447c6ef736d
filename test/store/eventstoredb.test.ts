// The store contract against a real EventStoreDB (KurrentDB) server, when one is given:
//
//   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' node scripts/run-tests.js eventstoredb
//
// (docker compose up eventstoredb starts one, see docs/scaling-out.md). Each store of the suite
// gets its own stream prefix, so the runs share the server's database without seeing each other
// and without cleaning up. Without a server the contract cannot run here; it runs on every test run
// against the in-process gRPC test double instead (eventstoredb-grpc.test.ts).
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEventStoreDbStore } from '../../src/store/eventstoredb/index.ts';
import { storeContract } from './contract.ts';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  storeContract('eventstoredb (real server)', async ({ clock }) => {
    const store = createEventStoreDbStore({ connectionString, clock, streamPrefix: `socle-test-${randomUUID()}/` });
    return { store, cleanup: () => store.close() };
  }).run();
} else {
  console.log('skipped: no EventStoreDB server (EVENTSTORE_CONNECTION_STRING unset)');
}

// Runs with or without a server: what an operator sees when the variable is missing or wrong.
test('the adapter refuses a missing or malformed connection string with a clear error', () => {
  assert.throws(() => createEventStoreDbStore({ connectionString: '' }), /needs a connection string \(EVENTSTORE_CONNECTION_STRING\)/);
  assert.throws(() => createEventStoreDbStore({ connectionString: undefined as unknown as string }), /EVENTSTORE_CONNECTION_STRING/);
  assert.throws(() => createEventStoreDbStore({ connectionString: 'localhost:2113' }), /invalid EventStoreDB connection string/);
});

test.run();
