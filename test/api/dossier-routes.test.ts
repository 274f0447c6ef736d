// GET /api/programmes/:p/dossier.zip over a real server on loopback: the treasurer's dossier is the
// one `socle dossier` writes — stamped with the read version's position and head hash, each file's
// sha256 in the manifest, and verified again from the ledger; other roles are refused; bad input is
// one problem+json answer and no zip.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { verifyDossier, DossierManifest } from '../../src/exports/dossier.ts';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const test = suite<{ h: Harness }>('dossier over HTTP', { h: undefined as unknown as Harness });
const B = `/api/programmes/${P}`;

test.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
  const recorded = await call(ctx.h.url, 'POST', `${B}/contributions`, { token: ctx.h.tokens.coordinator, body: staffTime('c1', { status: 'planned' }) });
  assert.is(recorded.status, 201, recorded.text);
});
test.after(async ({ h }) => {
  await h.stop();
});

async function download(h: Harness, query: string, token: string): Promise<Response> {
  return fetch(`${h.url}${B}/dossier.zip?${query}`, { headers: { authorization: `Bearer ${token}` } });
}

test('the treasurer downloads the applicant’s dossier, stamped like a workbook, and it verifies against the ledger', async ({ h }) => {
  const head = await h.socle.store.head();
  const response = await download(h, 'applicant=ccas&actionId=a1', h.tokens.treasurer);
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/zip');
  assert.is(response.headers.get('content-disposition'), 'attachment; filename="dossier-p1-ccas-a1.zip"');
  assert.is(response.headers.get('x-socle-position'), String(head.position));
  assert.is(response.headers.get('x-socle-head-hash'), head.hash);
  const bytes = Buffer.from(await response.arrayBuffer());
  const zip = await JSZip.loadAsync(bytes);
  const manifest = DossierManifest.parse(JSON.parse(await zip.file('manifeste.json')!.async('string')));
  assert.is(manifest.position, head.position);
  assert.is(manifest.headHash, head.hash);
  // The CCAS is a public body: its form is the plan de financement.
  assert.is(manifest.form, 'plan-de-financement');
  assert.equal(manifest.files.map((f) => f.name), ['formulaire-plan-de-financement.xlsx', 'fiches-action.xlsx', 'contributions.xlsx']);
  for (const file of manifest.files) {
    const entry = await zip.file(file.name)!.async('uint8array');
    assert.is(createHash('sha256').update(entry).digest('hex'), file.sha256, file.name);
  }
  assert.match(manifest.command, new RegExp(`^npx socle dossier --programme p1 --applicant ccas --action a1 --as-of ${head.position} --out dossier-p1-ccas-a1\\.zip$`));
  const check = await verifyDossier(bytes, (position) => h.socle.readSource(position));
  assert.ok(check.headHashMatches);
  assert.equal([check.differing, check.missing, check.extra], [[], [], []]);
});

test('as of a position, the dossier is that version’s', async ({ h }) => {
  const response = await download(h, 'applicant=ccas&asOf=3', h.tokens.coordinator);
  assert.is(response.status, 200);
  assert.is(response.headers.get('x-socle-position'), '3');
  const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
  assert.is(DossierManifest.parse(JSON.parse(await zip.file('manifeste.json')!.async('string'))).position, 3);
});

test('only the coordinator and the treasurer; bad input is one French problem, no zip', async ({ h }) => {
  const t = h.tokens;
  for (const token of [t.auditor, t.partner]) assert.is((await download(h, 'applicant=ccas', token)).status, 403);
  const cases: [string, number, RegExp][] = [
    ['applicant=nobody', 404, /nobody/],
    ['actionId=a1', 400, /applicant/],
    ['applicant=ccas&actionId=zz', 404, /zz/],
    ['applicant=ccas&status=maybe', 400, /status/],
    ['applicant=ccas&asOf=999999', 400, /999999/],
  ];
  for (const [query, status, detail] of cases) {
    const response = await download(h, query, t.treasurer);
    assert.is(response.status, status, query);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, query);
    const problem = (await response.json()) as { detail: string; errors?: { path: string; message: string }[] };
    assert.match(`${problem.detail} ${JSON.stringify(problem.errors ?? [])}`, detail, query);
  }
});

test.run();
