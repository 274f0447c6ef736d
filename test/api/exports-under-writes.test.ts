// Given a ledger of several thousand contributions served over HTTP, when a writer loop records and
// validates contributions while a treasurer downloads the four workbooks again and again, then every
// download is a 200, stamped with one position, and equals (cell by cell, the generation time aside)
// the workbook downloaded afterwards with asOf = that position.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, startHarness } from './helpers.ts';
import { provenanceStamp, workbookCells } from '../exports/cells.ts';

const LEDGER_CONTRIBUTIONS = 3000;
const ROUNDS = 2;
const WORKBOOKS = ['contributions.xlsx', 'budget.xlsx?actionId=a1', 'funding-plan.xlsx', 'journal.xlsx'];
const COORDINATOR = { name: 'test:coordination', role: 'coordinator' } as const;

test('workbooks downloaded while partners record are whole, and each is its own as-of reproduction', async () => {
  const h = await startHarness();
  try {
    await setUpProgramme(h);
    for (let i = 0; i < LEDGER_CONTRIBUTIONS; i++) {
      const content = { partnerId: ['ccas', 'asso', 'caf'][i % 3]!, kind: i % 5 === 0 ? 'premises' : 'staff_time', status: i % 4 === 0 ? 'planned' : 'actual', date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-10`, quantity: String(1 + (i % 9)), actionId: i % 2 === 0 ? 'a1' : 'a2' } as const;
      await h.socle.commands.handleContribution({ type: 'RecordContribution', programmeId: P, contributionId: `big-${i}`, content }, COORDINATOR);
    }

    let writing = true;
    let written = 0;
    const writer = (async () => {
      const t = h.tokens.coordinator;
      for (let i = 0; writing; i++) {
        const id = `live-${i}`;
        const recorded = await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: t, body: { id, partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-06-01', quantity: '2', actionId: 'a1' } });
        assert.is(recorded.status, 201, recorded.text);
        const validated = await call(h.url, 'POST', `/api/programmes/${P}/contributions/${id}/validation`, { token: t, body: { expectedVersion: 1 } });
        assert.is(validated.status, 200, validated.text);
        written += 2;
      }
    })();

    const downloads: { path: string; position: number; cells: string[] }[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const workbook of WORKBOOKS) {
          const path = `/api/programmes/${P}/exports/${workbook}`;
          const response = await fetch(h.url + path, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
          const bytes = new Uint8Array(await response.arrayBuffer());
          assert.is(response.status, 200, `${path}: ${new TextDecoder().decode(bytes).slice(0, 300)}`);
          const stamp = await provenanceStamp(bytes);
          assert.is(response.headers.get('x-socle-position'), String(stamp.position));
          downloads.push({ path, position: stamp.position, cells: await workbookCells(bytes) });
        }
      }
    } finally {
      writing = false;
      await writer;
    }
    assert.ok(written >= 20, `the writer landed only ${written} events during the downloads`);
    const positions = new Set(downloads.map((d) => d.position));
    assert.ok(positions.size >= 4, `the downloads saw only ${positions.size} positions: the ledger did not move under them`);

    for (const download of downloads) {
      const again = await fetch(`${h.url}${download.path}${download.path.includes('?') ? '&' : '?'}asOf=${download.position}`, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
      const bytes = new Uint8Array(await again.arrayBuffer());
      assert.is(again.status, 200);
      assert.equal(await workbookCells(bytes), download.cells, `${download.path} as of ${download.position}`);
    }
  } finally {
    await h.stop();
  }
});

test.run();
