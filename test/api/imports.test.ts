// POST /api/programmes/:p/imports against a real server: a coordinator imports any partner's rows, a
// partner its own (the others refused row by row); the dry run writes nothing; a file refused whole
// is one problem+json 400; over 50 MiB is a 413 before the body is read; the refused rows come back
// as a workbook that exceljs reads.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { loudHooks } from '../support/loud-hooks.ts';
import { call, headHash, P, setUpProgramme, startHarness, type Harness } from './helpers.ts';
import { FIXTURES } from '../import/setup.ts';

// Uploads are spooled under the temporary folder: a private one, to see that each is removed.
const uploads = mkdtempSync(join(tmpdir(), 'socle-imports-test-'));
process.env.TMPDIR = uploads;
const spooled = () => readdirSync(uploads).filter((name) => name.startsWith('socle-upload-'));

const api = suite<{ h: Harness }>('imports');
loudHooks(api);
api.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
});
api.after(async (ctx) => {
  await ctx.h.stop();
});

const I = `/api/programmes/${P}/imports`;
const CSV = ['Partenaire;Nature;Date;Quantité;Lieu', 'CCAS de Janzé;Temps salarié;12/03/2024;2,5;Espace social', 'Orditous;Bénévolat;13/03/2024;3;', 'Nulle part;Bénévolat;13/03/2024;3;', ''].join('\r\n');
const send = (h: Harness, token: string, query: string, body: string | Uint8Array, type = 'text/csv') => call(h.url, 'POST', `${I}${query}`, { token, raw: body, headers: { 'content-type': type } });

api('a coordinator’s dry run reports every row and writes nothing', async ({ h }) => {
  const before = await headHash(h);
  const a = await send(h, h.tokens.coordinator, '?dryRun=true&filename=contributions.csv', CSV);
  assert.is(a.status, 200, a.text);
  assert.equal([a.json.dryRun, a.json.rows, a.json.imported, a.json.alreadyImported, a.json.refused.length], [true, 3, 2, 0, 1]);
  assert.equal(a.json.refused, [{ row: 4, problems: [{ column: 'Partenaire', reason: 'partenaire inconnu dans le programme : « Nulle part »' }] }]);
  assert.is(a.json.summary, '3 lignes lues : 2 à importer, 0 déjà importées, 1 refusées (essai : rien n’a été écrit)');
  assert.is(await headHash(h), before);
});

api('a partner imports its own rows; another partner’s are refused row by row', async ({ h }) => {
  const position = (await h.socle.store.head()).position;
  const a = await send(h, h.tokens.partner, '', CSV);
  assert.is(a.status, 200, a.text);
  assert.equal([a.json.imported, a.json.refused.length], [1, 2]);
  assert.equal(a.json.refused.map((r: { row: number; problems: { reason: string }[] }) => [r.row, r.problems[0]!.reason]), [
    [3, 'ligne du partenaire asso : un partenaire n’importe que ses propres lignes'],
    [4, 'partenaire inconnu dans le programme : « Nulle part »'],
  ]);
  assert.is((await h.socle.store.head()).position, position + 1);
  const other = await send(h, h.tokens.partner, '?partnerId=asso', CSV);
  assert.is(other.status, 403);
});

api('the coordinator then imports the rest: the partner’s row is already there', async ({ h }) => {
  const a = await send(h, h.tokens.coordinator, '', CSV);
  assert.equal([a.json.imported, a.json.alreadyImported, a.json.refused.length], [1, 1, 1]);
  const again = await send(h, h.tokens.coordinator, '', CSV);
  assert.equal([again.json.imported, again.json.alreadyImported], [0, 2]);
});

api('a file refused whole is one problem+json 400; roles and programmes as everywhere', async ({ h }) => {
  const before = await headHash(h);
  const ods = await send(h, h.tokens.coordinator, '?filename=tableau.ods', readFileSync(`${FIXTURES}contributions-2024.ods`).subarray(0, 4000), 'application/vnd.oasis.opendocument.spreadsheet');
  assert.is(ods.status, 400);
  assert.ok(ods.contentType.startsWith('application/problem+json'));
  assert.match(ods.json.detail, /^le classeur \.ods est illisible/);
  const png = await send(h, h.tokens.coordinator, '?filename=photo.xlsx', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'application/octet-stream');
  assert.is(png.status, 400);
  assert.match(png.json.detail, /n’est pas un tableur/);
  const empty = await call(h.url, 'POST', I, { token: h.tokens.coordinator });
  assert.is(empty.status, 400);
  assert.is(empty.json.detail, 'le fichier est vide');
  const mapping = await send(h, h.tokens.coordinator, `?mapping=${encodeURIComponent('{"colonnes":{}}')}`, CSV);
  assert.is(mapping.status, 400);
  assert.match(mapping.json.detail, /^fichier de correspondance invalide/);
  assert.is((await send(h, h.tokens.auditor, '', CSV)).status, 403);
  assert.is((await send(h, h.tokens.strayPartner, '', CSV)).status, 403);
  assert.is((await call(h.url, 'POST', `/api/programmes/nope/imports`, { token: h.tokens.coordinator, raw: CSV, headers: { 'content-type': 'text/csv' } })).status, 404);
  assert.is((await call(h.url, 'POST', I, { raw: CSV })).status, 401);
  assert.is(await headHash(h), before);
});

api('over 50 MiB: a 413 from the announced length, before the body is read', async ({ h }) => {
  const url = new URL(`${h.url}${I}`);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${h.tokens.coordinator}`, 'content-type': 'text/csv', 'content-length': String(50 * 1024 * 1024 + 1) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.write('Partenaire;Nature\n');
  });
  assert.is(status, 413);
});

/** POSTs `chunks` as a chunked body (no length announced); the answer's status and JSON, once it comes. */
function sendChunked(h: Harness, chunks: Iterable<Buffer>): Promise<{ status: number; json: { detail?: string; imported?: number } }> {
  const url = new URL(`${h.url}${I}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}?filename=gros.csv`, method: 'POST', headers: { authorization: `Bearer ${h.tokens.coordinator}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    // Once the server has answered and closed, the rest of the body cannot be written: that is the point.
    req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
    (async () => {
      for (const chunk of chunks) if (!req.write(chunk)) await new Promise((done) => req.once('drain', done));
      req.end();
    })().catch(() => undefined);
  });
}

api('a streamed upload: read as it comes, imported, its temporary file removed', async ({ h }) => {
  const rows = Array.from({ length: 2000 }, (_, i) => `Orditous;Bénévolat;${String((i % 28) + 1).padStart(2, '0')}/04/2024;${(i % 9) + 1};`);
  const body = [Buffer.from('Partenaire;Nature;Date;Quantité;Lieu\r\n'), ...rows.map((row) => Buffer.from(`${row}\r\n`))];
  const answer = await sendChunked(h, body);
  assert.is(answer.status, 200, JSON.stringify(answer.json));
  assert.is(answer.json.imported, 2000);
  assert.equal(spooled(), []);
});

api('a chunked upload past 50 MiB: a 413 problem+json once the limit is crossed, nothing written, nothing left on disk', async ({ h }) => {
  const before = await headHash(h);
  const line = Buffer.from(`Orditous;Bénévolat;13/03/2024;3;${'x'.repeat(1000)}\r\n`);
  const megabyte = Buffer.concat(Array.from({ length: Math.ceil((1024 * 1024) / line.length) }, () => line));
  function* body() {
    yield Buffer.from('Partenaire;Nature;Date;Quantité;Lieu\r\n');
    for (let i = 0; i < 52; i++) yield megabyte;
  }
  const answer = await sendChunked(h, body());
  assert.is(answer.status, 413);
  assert.match(answer.json.detail!, /^le fichier pèse 50 Mo, au plus 50 Mo : découpez-le/);
  assert.is(await headHash(h), before);
  assert.equal(spooled(), []);
});

api('asked as NDJSON: a progress line per batch of 500 (rows out of the first pass’s count), then the report', async ({ h }) => {
  const rows = Array.from({ length: 1200 }, (_, i) => `Orditous;Bénévolat;${String((i % 28) + 1).padStart(2, '0')}/05/2024;${(i % 7) + 1};`);
  const csv = ['Partenaire;Nature;Date;Quantité;Lieu', ...rows, ''].join('\r\n');
  const response = await fetch(`${h.url}${I}`, { method: 'POST', headers: { authorization: `Bearer ${h.tokens.coordinator}`, 'content-type': 'text/csv', accept: 'application/x-ndjson' }, body: csv });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/x-ndjson');
  const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.slice(0, -1), [
    { progress: { rows: 500, imported: 500, totalRows: 1200 } },
    { progress: { rows: 1000, imported: 1000, totalRows: 1200 } },
    { progress: { rows: 1200, imported: 1200, totalRows: 1200 } },
  ]);
  assert.equal([lines.at(-1).report.rows, lines.at(-1).report.imported], [1200, 1200]);
  assert.is(lines.at(-1).report.summary, '1\u202f200 lignes lues : 1\u202f200 importées, 0 déjà importées, 0 refusées');
  // A file refused whole is refused by the first pass, before any line: still its problem+json 400.
  const before = await headHash(h);
  const bad = await call(h.url, 'POST', `${I}?filename=photo.xlsx`, { token: h.tokens.coordinator, raw: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), headers: { 'content-type': 'application/octet-stream', accept: 'application/x-ndjson' } });
  assert.is(bad.status, 400);
  assert.ok(bad.contentType.startsWith('application/problem+json'));
  assert.is(await headHash(h), before);
});

api('a compressed upload is a 415, nothing written', async ({ h }) => {
  const answer = await call(h.url, 'POST', I, { token: h.tokens.coordinator, raw: CSV, headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' } });
  assert.is(answer.status, 415);
  assert.is(answer.json.detail, 'les corps compressés ne sont pas acceptés');
  assert.equal(spooled(), []);
});

api('the refused rows as a workbook, with the file’s header and the reasons', async ({ h }) => {
  const response = await fetch(`${h.url}${I}/refused.xlsx?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${h.tokens.coordinator}`, 'content-type': 'text/csv' }, body: CSV });
  assert.is(response.status, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.getWorksheet('Lignes refusées')!;
  assert.equal((sheet.getRow(1).values as unknown[]).slice(1), ['Partenaire', 'Nature', 'Date', 'Quantité', 'Lieu', 'Ligne d’origine', 'Colonne', 'Motif du refus']);
  assert.equal((sheet.getRow(2).values as unknown[]).slice(1), ['Nulle part', 'Bénévolat', '13/03/2024', '3', '', 4, 'Partenaire', 'Partenaire : partenaire inconnu dans le programme : « Nulle part »']);
});

api.run();
