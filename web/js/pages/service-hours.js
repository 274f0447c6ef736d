// "Heures de service" (issue 15): the weekly service hours of each site over the programme, drawn
// as an SVG line chart against the targets' lines, with the same figures in a data table beside it
// (a screen reader reads the table; the chart is hidden from it and labelled by the table). Then
// the targets' progress, the balance between the axes today, and each action's indicators.
// Hand-drawn SVG rather than a chart library: one line chart of a few dozen points, no build step,
// and nothing to vendor past the page's Content-Security-Policy. Every figure shown comes from the
// API as a decimal string; the browser only places points (floats for pixels, never for figures).
import { api, describeError } from '../api.js';
import { h, notice, replaceChildren } from '../dom.js';
import { formatDecimalFr } from '../decimal.js';
import { axisTitle, siteName, actionLabel } from '../setup-model.js';
import { noProgramme, section } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
const STATUS = { reached: 'atteint', on_track: 'dans la trajectoire', behind: 'en retard', no_measure: 'pas encore mesuré' };
const COLOURS = ['#1f4e79', '#c55a11', '#548235', '#7030a0', '#bf9000', '#2e75b6', '#a5243d', '#3b3838'];

/** @param {string} tag @param {Record<string, string | number>} attrs @param {...Node} children */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** @param {string} iso */
const frDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** @param {string} iso */
const dayOf = (iso) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86400000;

/**
 * The first Monday of each month from `from` on (the series starts on the Monday of the week of
 * `from`, which may fall in the month before): the points of the chart and the rows of its table.
 * @param {{ week: string, hours: string }[]} weekly @param {string} from
 */
function monthlyPoints(weekly, from) {
  const seen = new Set();
  return weekly.filter((w) => w.week >= from && (seen.has(w.week.slice(0, 7)) ? false : (seen.add(w.week.slice(0, 7)), true)));
}

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Heures de service');
  const body = h('div', { class: 'service-body', 'aria-live': 'polite' });
  const page = h('div', { class: 'page' }, h('h1', null, 'Heures de service'), body);
  try {
    const base = `/programmes/${encodeURIComponent(setup.id)}`;
    const all = await api(`${base}/service`);
    const siteIds = [...new Set(all.schedules.filter((/** @type {any} */ s) => !s.withdrawn).map((/** @type {any} */ s) => s.siteId))];
    const perSite = await Promise.all(siteIds.map((siteId) => api(`${base}/service?siteId=${encodeURIComponent(siteId)}`)));
    const indicators = await api(`${base}/indicators`);
    const series = [
      ...siteIds.map((siteId, i) => ({ id: siteId, label: siteName(setup, siteId), points: monthlyPoints(perSite[i].weekly, all.from) })),
      { id: 'total', label: 'Total', points: monthlyPoints(all.weekly, all.from) },
    ];
    replaceChildren(
      body,
      h('p', null, `Heures hebdomadaires en vigueur au ${frDate(all.date)} : ${formatDecimalFr(all.hours.total)} h par semaine (registre à la position ${all.asOf.position}).`),
      chartSection(series, all.targets.filter((/** @type {any} */ t) => t.siteId === undefined && t.axisId === undefined)),
      targetsSection(setup, all.targets),
      balanceSection(setup, all.hours.byAxis),
      indicatorsSection(setup, indicators.indicators),
    );
  } catch (error) {
    replaceChildren(body, notice('error', describeError(error)));
  }
  return page;
}

/**
 * @param {{ id: string, label: string, points: { week: string, hours: string }[] }[]} series
 * @param {any[]} targets programme-wide targets: their straight line from the baseline to the target
 */
function chartSection(series, targets) {
  const captionId = 'service-chart-caption';
  const points = series[0]?.points ?? [];
  const table = h(
    'table',
    { class: 'data-table service-table', id: 'service-table' },
    h('caption', { id: captionId }, 'Heures de service par semaine, au premier lundi de chaque mois, par lieu'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Semaine du'), series.map((s) => h('th', { scope: 'col' }, s.label)))),
    h(
      'tbody',
      null,
      points.map((p, row) =>
        h('tr', null, h('th', { scope: 'row' }, frDate(p.week)), series.map((s) => h('td', { class: 'number', dataset: { series: s.id, week: p.week, value: s.points[row]?.hours ?? '' } }, formatDecimalFr(s.points[row]?.hours ?? '0')))),
      ),
    ),
  );
  // A wide table scrolls within its box on a phone rather than widening the page (CSSOM: the page's policy forbids inline styles).
  const scroll = h('div', { class: 'table-scroll' }, table);
  scroll.style.overflowX = 'auto';
  return section('Évolution des heures', lineChart(series, targets, captionId), scroll);
}

/** @param {{ id: string, label: string, points: { week: string, hours: string }[] }[]} series @param {any[]} targets @param {string} captionId */
function lineChart(series, targets, captionId) {
  const [W, H, left, bottom, top, right] = [760, 320, 48, 28, 12, 12];
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return h('p', null, 'Aucun horaire enregistré.');
  const first = dayOf(all[0].week);
  const last = Math.max(...all.map((p) => dayOf(p.week)), first + 1);
  const max = Math.max(1, ...all.map((p) => Number(p.hours)), ...targets.map((t) => Number(t.target)));
  const x = (/** @type {number} */ day) => left + ((day - first) / (last - first)) * (W - left - right);
  const y = (/** @type {number} */ hours) => H - bottom - (hours / max) * (H - bottom - top);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'service-chart', role: 'img', 'aria-labelledby': captionId, id: 'service-chart' });
  for (const tick of [0, max / 2, max]) {
    chart.append(svg('line', { x1: left, x2: W - right, y1: y(tick), y2: y(tick), stroke: '#d9d9d9' }));
    chart.append(svg('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#404040' }, document.createTextNode(`${Math.round(tick)} h`)));
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const path = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(dayOf(p.week)).toFixed(1)},${y(Number(p.hours)).toFixed(1)}`).join(' ');
    const group = svg('g', { class: 'series', 'data-series': s.id }, svg('path', { d: path, fill: 'none', stroke: colour, 'stroke-width': s.id === 'total' ? 3 : 2 }));
    for (const p of s.points) group.append(svg('circle', { cx: x(dayOf(p.week)).toFixed(1), cy: y(Number(p.hours)).toFixed(1), r: 2.5, fill: colour, 'data-week': p.week, 'data-value': p.hours }));
    chart.append(group);
  });
  for (const t of targets) {
    const from = Math.max(dayOf(t.baselineOn), first);
    const to = Math.min(dayOf(t.dueOn), last);
    const at = (/** @type {number} */ day) => Number(t.baseline) + ((Number(t.target) - Number(t.baseline)) * (day - dayOf(t.baselineOn))) / (dayOf(t.dueOn) - dayOf(t.baselineOn));
    chart.append(svg('line', { x1: x(from), y1: y(at(from)), x2: x(to), y2: y(at(to)), class: 'target-line', 'data-target': t.targetId, stroke: '#a5243d', 'stroke-dasharray': '6 4', 'stroke-width': 2 }));
  }
  const legend = h('ul', { class: 'chart-legend', 'aria-hidden': 'true' }, series.map((s, i) => h('li', { dataset: { colour: COLOURS[i % COLOURS.length] } }, `■ ${s.label}`)), targets.map((t) => h('li', null, `- - Objectif : ${t.label}`)));
  for (const li of legend.querySelectorAll('li[data-colour]')) /** @type {HTMLElement} */ (li).style.color = /** @type {HTMLElement} */ (li).dataset.colour ?? '';
  return h('figure', { class: 'chart' }, chart, legend);
}

/** @param {any} setup @param {any[]} targets */
function targetsSection(setup, targets) {
  if (targets.length === 0) return section('Objectifs', h('p', null, 'Aucun objectif fixé.'));
  const scope = (/** @type {any} */ t) => (t.siteId ? siteName(setup, t.siteId) : t.axisId ? `Axe ${axisTitle(setup, t.axisId)}` : 'Tout le programme');
  return section(
    'Objectifs',
    h(
      'table',
      { class: 'data-table', id: 'service-targets' },
      h('thead', null, h('tr', null, ['Objectif', 'Portée', 'Référence', 'Objectif (h/sem.)', 'Échéance', 'Aujourd’hui', '% atteint', 'Suivi'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        null,
        targets.map((t) =>
          h('tr', null, h('th', { scope: 'row' }, t.label), h('td', null, scope(t)), h('td', { class: 'number' }, `${formatDecimalFr(t.baseline)} h au ${frDate(t.baselineOn)}`), h('td', { class: 'number' }, formatDecimalFr(t.target)), h('td', null, frDate(t.dueOn)), h('td', { class: 'number' }, formatDecimalFr(t.value)), h('td', { class: 'number' }, t.percentOfTarget === null ? '—' : `${formatDecimalFr(t.percentOfTarget)} %`), h('td', null, STATUS[/** @type {keyof typeof STATUS} */ (t.status)])),
        ),
      ),
    ),
  );
}

/** @param {any} setup @param {{ axisId: string, hours: string, share: string }[]} byAxis */
function balanceSection(setup, byAxis) {
  return section(
    'Équilibre entre les axes',
    h(
      'table',
      { class: 'data-table', id: 'service-balance' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Axe'), h('th', { scope: 'col' }, 'Heures par semaine'), h('th', { scope: 'col' }, 'Part'))),
      h('tbody', null, byAxis.map((a) => h('tr', null, h('th', { scope: 'row' }, axisTitle(setup, a.axisId)), h('td', { class: 'number' }, formatDecimalFr(a.hours)), h('td', { class: 'number' }, `${formatDecimalFr(a.share)} %`)))),
    ),
  );
}

/** @param {any} setup @param {any[]} indicators */
function indicatorsSection(setup, indicators) {
  if (indicators.length === 0) return section('Indicateurs des actions', h('p', null, 'Aucun indicateur défini.'));
  return section(
    'Indicateurs des actions',
    h(
      'table',
      { class: 'data-table', id: 'service-indicators' },
      h('thead', null, h('tr', null, ['Action', 'Indicateur', 'Référence', 'Objectif', 'Dernière valeur', '% atteint', 'Suivi'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        null,
        indicators.map((i) =>
          h('tr', null, h('td', null, actionLabel(setup, i.actionId)), h('th', { scope: 'row' }, `${i.label} (${i.unit})`), h('td', { class: 'number' }, formatDecimalFr(i.baseline)), h('td', { class: 'number' }, `${formatDecimalFr(i.target)} au ${frDate(i.dueOn)}`), h('td', { class: 'number' }, i.latest ? `${formatDecimalFr(i.latest.value)} (${frDate(i.latest.periodFrom)} – ${frDate(i.latest.periodTo)})` : '—'), h('td', { class: 'number' }, i.percentOfTarget === null ? '—' : `${formatDecimalFr(i.percentOfTarget)} %`), h('td', null, STATUS[/** @type {keyof typeof STATUS} */ (i.status)])),
        ),
      ),
    ),
  );
}
