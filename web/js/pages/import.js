// "Importer": a network's spreadsheet or a Coop export → contributions (docs/import.md). Choose the
// file, optionally the partner of rows that name none and a mapping (the columns and words of the
// file, as JSON), see the preview (a dry run: nothing written), then import. The upload goes through
// XMLHttpRequest: its upload events drive the first part of the progress bar, then the server's
// progress lines (one per batch of rows written, NDJSON) the rest; the refused rows can be
// downloaded as a workbook to fix and send again.
import { describeError } from '../api.js';
import { formatDecimalFr } from '../decimal.js';
import { announce, h, notice, replaceChildren } from '../dom.js';
import { field } from '../forms.js';
import { getToken } from '../session.js';
import { noProgramme } from './common.js';

/**
 * @typedef {{ dryRun: boolean, source: string, rows: number, imported: number, alreadyImported: number, skipped: number,
 *   refused: Array<{ row: number, problems: Array<{ column: string, reason: string }> }>, summary: string }} ImportReport
 */

/** The share of the bar that the upload fills; the server's batches fill the rest. */
const UPLOAD_SHARE = 0.3;

/**
 * The server's progress lines so far (`{"progress": …}`, then `{"report": …}` or `{"problem": …}`).
 * @param {string} text
 * @returns {Array<any>}
 */
function completeLines(text) {
  return text.split('\n').slice(0, -1).filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

/**
 * POST the file to `path`; resolves the report (as progress lines: `kind` 'lines') or the blob (the
 * workbook). `onProgress` gets the fraction done and, from the server, the rows read and imported.
 * @param {string} path
 * @param {File} file
 * @param {Record<string, string>} query
 * @param {'lines' | 'blob'} kind
 * @param {(fraction: number, rows?: { rows: number, imported: number, totalRows?: number }) => void} onProgress
 * @returns {Promise<any>}
 */
function upload(path, file, query, kind, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== ''));
    request.open('POST', `/api${path}?${params}`);
    request.setRequestHeader('Authorization', `Bearer ${getToken() ?? ''}`);
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (kind === 'lines') request.setRequestHeader('Accept', 'application/x-ndjson');
    request.responseType = kind === 'lines' ? 'text' : 'blob';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(UPLOAD_SHARE * (event.loaded / event.total));
    };
    request.onprogress = () => {
      if (kind !== 'lines' || request.status !== 200) return;
      const last = completeLines(request.responseText).filter((line) => line.progress).pop()?.progress;
      if (last) onProgress(last.totalRows ? UPLOAD_SHARE + (1 - UPLOAD_SHARE) * (last.rows / last.totalRows) : UPLOAD_SHARE, last);
    };
    request.onerror = () => reject(new Error('Le serveur ne répond pas. Vérifiez la connexion puis réessayez.'));
    request.onload = async () => {
      const text = kind === 'lines' ? request.responseText : await /** @type {Blob} */ (request.response).text();
      if (request.status !== 200) return reject(new Error(JSON.parse(text || '{}')?.detail ?? `Erreur ${request.status}`));
      if (kind === 'blob') return resolve(request.response);
      const end = completeLines(text).pop();
      if (end?.report) return resolve(end.report);
      reject(new Error(end?.problem?.detail ?? `Erreur ${request.status}`));
    };
    request.send(file);
  });
}

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Importer');
  const programmePath = `/programmes/${encodeURIComponent(setup.id)}/imports`;
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const progress = h('progress', { max: '1', value: '0', hidden: true, 'aria-label': 'Envoi du fichier' });
  const result = h('div', { class: 'import-result' });
  const coordinator = ctx.me.role === 'coordinator';
  const form = h(
    'form',
    { class: 'card', 'aria-label': 'Fichier à importer', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    field({ name: 'file', label: 'Fichier (.xlsx, .ods ou .csv)', type: 'file', required: true, attrs: { accept: '.xlsx,.ods,.csv,text/csv' }, hint: 'Un tableau des contributions (Excel, LibreOffice ou CSV), ou un export d’activités de La Coop de la médiation numérique.' }),
    coordinator
      ? field({ name: 'partnerId', label: 'Partenaire des lignes sans partenaire', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: 'Aucun (le fichier a une colonne Partenaire)', hint: 'Pour un export de La Coop : la structure du médiateur.' })
      : null,
    field({ name: 'mapping', label: 'Correspondance des colonnes (facultatif, JSON)', type: 'textarea', hint: 'Par exemple {"columns": {"partner": "Structure"}, "values": {"kind": {"heures agents": "staff_time"}}}' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button-secondary', id: 'import-preview', onclick: () => void run(true) }, 'Aperçu (sans rien écrire)'),
      h('button', { type: 'button', class: 'button-primary', id: 'import-run', onclick: () => void run(false) }, 'Importer'),
    ),
  );

  function choices() {
    const data = new FormData(form);
    const file = data.get('file');
    return { file: file instanceof File && file.size > 0 ? file : null, partnerId: String(data.get('partnerId') ?? ''), mapping: String(data.get('mapping') ?? '').trim() };
  }

  /** @param {boolean} dryRun */
  async function run(dryRun) {
    const { file, partnerId, mapping } = choices();
    if (!file) return replaceChildren(status, notice('error', 'Choisissez d’abord un fichier.'));
    progress.hidden = false;
    progress.value = 0;
    replaceChildren(status, notice('info', dryRun ? 'Lecture du fichier…' : 'Import en cours…'));
    const query = { dryRun: String(dryRun), partnerId, mapping, filename: file.name };
    try {
      /** @type {ImportReport} */
      const report = await upload(programmePath, file, query, 'lines', (fraction, rows) => {
        progress.value = fraction;
        if (rows) replaceChildren(status, notice('info', rowsLine(rows)));
      });
      progress.value = 1;
      const summary = summaryLine(report);
      replaceChildren(status, notice(report.refused.length === 0 ? 'ok' : 'info', summary));
      announce(summary);
      replaceChildren(result, reportView(report, () => void saveRefused(file, { ...query, dryRun: 'true' })));
    } catch (error) {
      replaceChildren(status, notice('error', describeError(error)));
    } finally {
      progress.hidden = true;
    }
  }

  /** @param {File} file @param {Record<string, string>} query */
  async function saveRefused(file, query) {
    try {
      const blob = await upload(`${programmePath}/refused.xlsx`, file, query, 'blob', () => {});
      const link = h('a', { href: URL.createObjectURL(blob), download: `lignes-refusees-${file.name.replace(/\.[^.]+$/, '')}.xlsx` });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      replaceChildren(status, notice('error', describeError(error)));
    }
  }

  return h('section', { class: 'page' }, h('h1', null, 'Importer des contributions'), form, progress, status, result);
}

/**
 * A count the French way, as every figure of the pages: 20000 → « 20 000 » (narrow no-break space).
 * @param {number} value
 */
const count = (value) => formatDecimalFr(String(value));

/**
 * « 1 500 lignes lues sur 4 000, 1 480 importées » as the server's batches go.
 * @param {{ rows: number, imported: number, totalRows?: number }} rows
 */
function rowsLine({ rows, imported, totalRows }) {
  return `${count(rows)} lignes lues${totalRows ? ` sur ${count(totalRows)}` : ''}, ${count(imported)} importées…`;
}

/**
 * The report's summary in the words of the server's (IMPORT_FR.summary, which the API sends as
 * `summary` and the command line prints), made here from the counts so that they read as the
 * rows line does: « 20 000 lignes lues : 20 000 importées, … », where the server writes « 20000 ».
 * @param {ImportReport} report
 */
function summaryLine(report) {
  const { rows, imported, alreadyImported, refused, skipped, dryRun } = report;
  const ignored = skipped > 0 ? `, ${count(skipped)} ignorées` : '';
  const trial = dryRun ? ' (essai : rien n’a été écrit)' : '';
  return `${count(rows)} lignes lues : ${count(imported)} ${dryRun ? 'à importer' : 'importées'}, ${count(alreadyImported)} déjà importées, ${count(refused.length)} refusées${ignored}${trial}`;
}

/**
 * @param {ImportReport} report
 * @param {() => void} onDownload
 */
function reportView(report, onDownload) {
  if (report.refused.length === 0) return h('p', null, report.dryRun ? 'Aucune ligne refusée : vous pouvez importer.' : 'Aucune ligne refusée.');
  return h(
    'div',
    { class: 'card' },
    h('h2', null, 'Lignes refusées'),
    h(
      'table',
      { class: 'data-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Ligne'), h('th', { scope: 'col' }, 'Colonne'), h('th', { scope: 'col' }, 'Motif'))),
      h(
        'tbody',
        null,
        report.refused.slice(0, 200).flatMap((refused) =>
          refused.problems.map((problem) => h('tr', null, h('td', null, String(refused.row)), h('td', null, problem.column), h('td', null, problem.reason))),
        ),
      ),
    ),
    h('button', { type: 'button', class: 'button-secondary', id: 'import-refused', onclick: onDownload }, 'Télécharger les lignes refusées (.xlsx)'),
  );
}
