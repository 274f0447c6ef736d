// Imported first by the test helpers: a test never writes into the real ~/.config/socle. The test
// runner (scripts/run-tests.js) gives each suite its own key file; a suite started by hand
// (node --import tsx test/….test.ts) gets one in a temporary folder here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.SOCLE_KEY_FILE) process.env.SOCLE_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'socle-test-key-')), 'signing-key.pem');
