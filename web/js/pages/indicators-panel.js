// The indicators panels (issue 15): progress against each target of weekly service hours and
// against each action's indicators, on the dashboard and on each action's page. A row says the
// value, the target, the share reached (as a number and as a native <progress>, which screen
// readers announce) and whether the value is on track; an action's page adds, per indicator, its
// measurements drawn against the straight line from the baseline to the target, with the same
// figures in a data table (the chart is an image labelled by the table's caption). Every figure
// is the API's decimal string; the browser only places points (floats for pixels, never figures).
import { h } from '../dom.js';
import { formatDecimalFr } from '../decimal.js';
import { actionLabel, axisTitle, siteName } from '../setup-model.js';
import { section } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
export const TRACK_STATUS = { reached: 'atteint', on_track: 'dans la trajectoire', behind: 'en retard', no_measure: 'pas encore mesuré' };

/** @param {string} iso */
export const frDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** @param {string} iso */
const dayOf = (iso) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86400000;
/** @param {string | null} p */
const percentText = (p) => (p === null ? '—' : `${formatDecimalFr(p)} %`);
/** @param {string} status */
const statusText = (status) => TRACK_STATUS[/** @type {keyof typeof TRACK_STATUS} */ (status)] ?? status;

/**
 * The share reached as a bar (capped at 100 for the bar; the number beside it says the whole).
 * @param {string | null} percent @param {string} label
 */
function progressBar(percent, label) {
  if (percent === null) return h('span', { class: 'muted' }, '—');
  const capped = Math.min(Math.max(Number(percent), 0), 100);
  return h('progress', { max: '100', value: String(capped), 'aria-label': `${label} : ${percentText(percent)}` }, percentText(percent));
}

/** @param {any} setup @param {any} t */
function targetScope(setup, t) {
  return t.siteId ? `${siteName(setup, t.siteId)}${t.axisId ? `, axe ${axisTitle(setup, t.axisId)}` : ''}` : t.axisId ? `Axe ${axisTitle(setup, t.axisId)}` : 'Tout le programme';
}

/**
 * A cell that names its column (on a phone a responsive table becomes one card per row, each
 * cell prefixed by its column's name: styles.css).
 * @param {string} label @param {any} content @param {Record<string, string>} [data] @param {boolean} [number]
 */
const cell = (label, content, data = {}, number = true) => h('td', { class: number ? 'num' : undefined, dataset: { label, ...data } }, content);

/**
 * Progress against the targets of weekly service hours, on `date`.
 * @param {any} setup @param {any[]} targets @param {string} date
 */
export function targetsPanel(setup, targets, date) {
  const title = 'Objectifs d’heures de service';
  if (targets.length === 0) return section(title, h('p', null, 'Aucun objectif fixé.'));
  const on = `Au ${frDate(date)}`;
  const head = ['Objectif', 'Portée', 'Référence', 'Cible (h/sem.)', on, 'Attendu à cette date', 'Atteint', 'Suivi'];
  const row = (/** @type {any} */ t) =>
    h(
      'tr',
      { dataset: { target: t.targetId, status: t.status } },
      h('th', { scope: 'row' }, t.label),
      cell('Portée', targetScope(setup, t), {}, false),
      cell('Référence', `${formatDecimalFr(t.baseline)} h au ${frDate(t.baselineOn)}`),
      cell('Cible', `${formatDecimalFr(t.target)} h au ${frDate(t.dueOn)}`),
      cell(on, `${formatDecimalFr(t.value)} h`, { value: t.value }),
      cell('Attendu', `${formatDecimalFr(t.expected)} h`),
      cell('Atteint', [progressBar(t.percentOfTarget, t.label), ' ', percentText(t.percentOfTarget)], { percent: t.percentOfTarget ?? '' }),
      cell('Suivi', statusText(t.status), {}, false),
    );
  return section(title, h('table', { class: 'data responsive', id: 'panel-targets' }, h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', null, targets.map(row))));
}

/**
 * Each indicator's latest value against its target; with `linkActions`, the action names link to
 * their pages (the dashboard), without (an action's own page) the column is left out.
 * @param {any} setup @param {any[]} indicators @param {{ id: string, title: string, linkActions: boolean }} options
 */
export function indicatorsPanel(setup, indicators, { id, title, linkActions }) {
  if (indicators.length === 0) return section(title, h('p', null, 'Aucun indicateur défini.'));
  const head = [...(linkActions ? ['Action'] : []), 'Indicateur', 'Référence', 'Cible', 'Dernière mesure', 'Part de la cible', 'Part du chemin', 'Suivi'];
  const row = (/** @type {any} */ i) =>
    h(
      'tr',
      { dataset: { indicator: i.indicatorId, status: i.status } },
      linkActions ? cell('Action', h('a', { href: `#/action/${encodeURIComponent(i.actionId)}` }, actionLabel(setup, i.actionId)), {}, false) : null,
      h('th', { scope: 'row' }, `${i.label} (${i.unit})`),
      cell('Référence', `${formatDecimalFr(i.baseline)} au ${frDate(i.baselineOn)}`),
      cell('Cible', `${formatDecimalFr(i.target)} au ${frDate(i.dueOn)}${i.direction === 'decrease' ? ' (à la baisse)' : ''}`),
      cell('Dernière mesure', i.latest ? `${formatDecimalFr(i.latest.value)} (${frDate(i.latest.periodFrom)} – ${frDate(i.latest.periodTo)})` : '—', { value: i.latest?.value ?? '' }),
      cell('Part de la cible', [progressBar(i.percentOfTarget, i.label), ' ', percentText(i.percentOfTarget)], { percent: i.percentOfTarget ?? '' }),
      cell('Part du chemin', percentText(i.percentOfWay)),
      cell('Suivi', statusText(i.status), {}, false),
    );
  return section(title, h('table', { class: 'data responsive', id }, h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', null, indicators.map(row))));
}

/** @param {string} tag @param {Record<string, string | number>} attrs @param {...Node} children */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/**
 * One indicator's measurements (at the end of each period) against its trajectory, and the table
 * that says the same figures.
 * @param {any} indicator
 */
export function indicatorDetail(indicator) {
  const captionId = `indicator-caption-${indicator.indicatorId}`;
  const table = h(
    'table',
    { class: 'data responsive indicator-table', dataset: { indicator: indicator.indicatorId } },
    h('caption', { id: captionId }, `${indicator.label} (${indicator.unit}) : mesures et trajectoire de ${formatDecimalFr(indicator.baseline)} au ${frDate(indicator.baselineOn)} à ${formatDecimalFr(indicator.target)} au ${frDate(indicator.dueOn)}`),
    h('thead', null, h('tr', null, ['Période', 'Valeur', 'Justificatif'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      indicator.series.length === 0
        ? h('tr', null, h('td', { colspan: '3' }, 'Pas encore de mesure.'))
        : indicator.series.map((/** @type {any} */ m) =>
            h('tr', null, h('th', { scope: 'row' }, `du ${frDate(m.periodFrom)} au ${frDate(m.periodTo)}`), cell('Valeur', formatDecimalFr(m.value), { period: m.periodTo, value: m.value }), cell('Justificatif', m.evidence ?? '—', {}, false)),
          ),
    ),
  );
  return h('div', { class: 'indicator-detail' }, h('h3', null, indicator.label), indicatorChart(indicator, captionId), table);
}

/** @param {any} indicator @param {string} captionId */
function indicatorChart(indicator, captionId) {
  const [W, H, left, bottom, top, right] = [560, 200, 48, 24, 12, 12];
  const first = Math.min(dayOf(indicator.baselineOn), ...indicator.series.map((/** @type {any} */ m) => dayOf(m.periodTo)));
  const last = Math.max(dayOf(indicator.dueOn), first + 1);
  const values = [indicator.baseline, indicator.target, ...indicator.series.map((/** @type {any} */ m) => m.value)].map(Number);
  const max = Math.max(1, ...values);
  const x = (/** @type {number} */ day) => left + ((day - first) / (last - first)) * (W - left - right);
  const y = (/** @type {number} */ v) => H - bottom - (v / max) * (H - bottom - top);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'indicator-chart', role: 'img', 'aria-labelledby': captionId, 'data-indicator': indicator.indicatorId });
  for (const tick of [0, max]) {
    chart.append(svg('line', { x1: left, x2: W - right, y1: y(tick), y2: y(tick), stroke: '#d9d9d9' }));
    chart.append(svg('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#404040' }, document.createTextNode(formatDecimalFr(String(Math.round(tick))))));
  }
  chart.append(svg('line', { class: 'target-line', x1: x(dayOf(indicator.baselineOn)), y1: y(Number(indicator.baseline)), x2: x(dayOf(indicator.dueOn)), y2: y(Number(indicator.target)), stroke: '#a5243d', 'stroke-dasharray': '6 4', 'stroke-width': 2 }));
  const path = indicator.series.map((/** @type {any} */ m, /** @type {number} */ k) => `${k === 0 ? 'M' : 'L'}${x(dayOf(m.periodTo)).toFixed(1)},${y(Number(m.value)).toFixed(1)}`).join(' ');
  const group = svg('g', { class: 'series' }, svg('path', { d: path, fill: 'none', stroke: '#1f4e79', 'stroke-width': 2 }));
  for (const m of indicator.series) group.append(svg('circle', { cx: x(dayOf(m.periodTo)).toFixed(1), cy: y(Number(m.value)).toFixed(1), r: 3.5, fill: '#1f4e79', 'data-period': m.periodTo, 'data-value': m.value }));
  chart.append(group);
  return h('figure', { class: 'chart' }, chart);
}
