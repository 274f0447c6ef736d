// The golden log: a fixed ledger (the demo's 1,158 events as `socle log export` wrote them, hashes and
// instants included) folded by today's code must give exactly what the code gave when the
// expectation was stored: the read model (its snapshot encoding), the totals and budget documents,
// and every workbook byte for byte, part by part (generation time fixed). It guards two things:
//   - a refactoring that only moves code changes no figure and no byte of a workbook;
//   - the read-model version (READ_MODEL_VERSION, which keys the snapshot file): when the folded
//     read model changes, this test fails until the version is raised and the expectation renewed
//     (SOCLE_GOLDEN_WRITE=1 node scripts/run-tests.js golden-log), so an old snapshot is never read
//     by code that would have computed something else.
import '../key-file.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Socle, requireProgramme } from '../../src/app/socle.ts';
import { versionSource } from '../../src/app/read-sources.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { RecordedEvent } from '../../src/store/port.ts';
import { encodeLedgerState } from '../../src/read-model/ledger-snapshot.ts';
import { READ_MODEL_VERSION } from '../../src/read-model/read-model-version.ts';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import type { ExportRequest } from '../../src/exports/workbook-request.ts';
import { tempDir } from '../exports/fixtures.ts';
import { zipParts } from '../exports/zip.ts';

const FIXTURES = new URL('../fixtures/golden/', import.meta.url).pathname;
const EXPECTED_FILE = join(FIXTURES, 'expected.json');
const GENERATED_AT = new Date('2026-12-01T09:00:00.000Z');
const EARLIER = 600;

interface Expected {
  readModelVersion: number;
  readModel: string;
  documents: Record<string, string>;
  workbooks: Record<string, Record<string, string>>;
}

const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function goldenEvents(): RecordedEvent[] {
  const text = gunzipSync(readFileSync(join(FIXTURES, 'demo-log.jsonl.gz'))).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RecordedEvent);
}

// What the expectation covers: each workbook of each programme at the head, and a few variants
// (an action, an applicant, a status, an earlier position) that go through other code paths.
function requests(): [string, ExportRequest][] {
  const out: [string, ExportRequest][] = [];
  for (const programmeId of ['rafcom', 'acte3'])
    for (const workbook of ['contributions', 'budget', 'funding-plan', 'journal'] as const) out.push([`${workbook}-${programmeId}`, { workbook, programmeId }]);
  out.push(['budget-rafcom-a05-planned', { workbook: 'budget', programmeId: 'rafcom', actionId: 'a05', status: 'planned' }]);
  out.push(['budget-acte3-anc-chef-de-file', { workbook: 'budget', programmeId: 'acte3', codes: 'anc', chefDeFile: true, publicCap: '80' }]);
  out.push(['funding-plan-rafcom-actual', { workbook: 'funding-plan', programmeId: 'rafcom', status: 'actual' }]);
  out.push(['contributions-rafcom-2024-validated', { workbook: 'contributions', programmeId: 'rafcom', year: 2024, include: 'validated' }]);
  out.push([`budget-rafcom-as-of-${EARLIER}`, { workbook: 'budget', programmeId: 'rafcom', asOf: EARLIER }]);
  out.push([`journal-rafcom-as-of-${EARLIER}`, { workbook: 'journal', programmeId: 'rafcom', asOf: EARLIER }]);
  return out;
}

async function computed(): Promise<Expected> {
  const store = createMemoryStore();
  await store.importRecorded(goldenEvents());
  const socle = await Socle.onStore(store);
  try {
    const head = await socle.ledgerAt();
    const encoded = encodeLedgerState(head.state);
    const readModel = sha256(encoded.setUp + '\n' + encoded.ids + '\n' + sha256(new Uint8Array(encoded.rows.buffer, encoded.rows.byteOffset, encoded.rows.byteLength)));
    const documents: Record<string, string> = {};
    for (const programmeId of ['rafcom', 'acte3']) {
      requireProgramme(head.state, programmeId);
      for (const status of ['planned', 'actual'] as const)
        documents[`totals-${programmeId}-${status}`] = sha256(JSON.stringify(await socle.totals(programmeId, { status, include: 'active' })));
    }
    const workbooks: Record<string, Record<string, string>> = {};
    const dir = tempDir('socle-golden-');
    for (const [name, request] of requests()) {
      const source = versionSource(socle.store, await socle.ledgerAt(request.asOf));
      const file = join(dir, `${name}.xlsx`);
      await exportWorkbook(source, request, file, { now: () => GENERATED_AT, dataDir: '/golden/data' });
      const parts: Record<string, string> = {};
      for (const [part, bytes] of [...zipParts(file)].sort(([a], [b]) => a.localeCompare(b))) parts[part] = sha256(bytes);
      workbooks[name] = parts;
    }
    return { readModelVersion: READ_MODEL_VERSION, readModel, documents, workbooks };
  } finally {
    await socle.close();
  }
}

test('the golden log folds to the stored read model, documents and workbooks', async () => {
  const now = await computed();
  if (process.env.SOCLE_GOLDEN_WRITE === '1') {
    writeFileSync(EXPECTED_FILE, JSON.stringify(now, null, 2) + '\n');
    console.log(`  wrote ${EXPECTED_FILE}`);
  }
  const expected = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as Expected;
  if (now.readModel !== expected.readModel)
    assert.ok(
      now.readModelVersion > expected.readModelVersion,
      `the folded read model changed: raise READ_MODEL_VERSION (now ${now.readModelVersion}) and renew the expectation (SOCLE_GOLDEN_WRITE=1)`,
    );
  else assert.is(now.readModelVersion, expected.readModelVersion, 'READ_MODEL_VERSION changed while the read model did not');
  assert.equal(now.documents, expected.documents, 'a totals document changed');
  const changed: string[] = [];
  for (const [name, parts] of Object.entries(expected.workbooks))
    for (const [part, digest] of Object.entries(parts)) if (now.workbooks[name]?.[part] !== digest) changed.push(`${name}.xlsx:${part}`);
  for (const [name, parts] of Object.entries(now.workbooks))
    for (const part of Object.keys(parts)) if (expected.workbooks[name]?.[part] === undefined) changed.push(`${name}.xlsx:${part} (new)`);
  assert.equal(changed, [], `workbook parts that changed: ${changed.join(', ')}`);
  assert.is(now.readModel, expected.readModel);
});

test('the golden log is the demo ledger, whole: 1,158 events with an unbroken chain', async () => {
  const events = goldenEvents();
  assert.is(events.length, 1158);
  assert.equal(events.map((e) => e.position), Array.from({ length: 1158 }, (_, i) => i + 1));
  const store = createMemoryStore();
  await store.importRecorded(events);
  const verified = await store.verify();
  assert.ok(verified.ok, JSON.stringify(verified));
});

test.run();
