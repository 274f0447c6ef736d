// The scenarios page's chart (issue 16): for each headline figure (the total of contributions, the
// budget's expenses, the co-funding, the funding gap), one bar per plan — the real plan, then each
// scenario — drawn by hand in SVG as the indicators' charts are (indicators-panel.js). The chart is
// an image labelled by the caption of the table below it, which says the same figures: a screen
// reader reads the table, not the bars. Bars are sized in integer cents (ratioPercent), so no figure
// goes through a float; only the pixel a bar ends at does.
import { h } from '../dom.js';
import { formatEuros, ratioPercent, toCents } from '../decimal.js';
import { CHART_FIGURES, CHART_LABELS, chartValue } from '../scenario-model.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The real plan first, then one colour per scenario (each ≥ 4.5:1 against white, cycling). */
const COLOURS = ['#404040', '#1f4e79', '#a5243d', '#2e6b30', '#7a4a00', '#5b2a86'];

/** @param {string} tag @param {Record<string, string | number>} attrs @param {...Node} children */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

const text = (/** @type {Record<string, string | number>} */ attrs, /** @type {string} */ content) => svg('text', { 'font-size': 12, fill: '#1a1a1a', ...attrs }, document.createTextNode(content));

/**
 * The plans the chart compares: the real plan, then the scenarios shown.
 * @param {any} comparison
 * @returns {{ id: string, title: string, figures: any }[]}
 */
export function plansOf(comparison) {
  return [{ id: 'real', title: 'Plan réel', figures: comparison.real }, ...comparison.scenarios.map((/** @type {any} */ s) => ({ id: s.scenarioId, title: s.title, figures: s.figures }))];
}

/** @param {any} comparison */
export function comparisonChart(comparison) {
  const captionId = 'scenario-chart-caption';
  const plans = plansOf(comparison);
  const table = h(
    'table',
    { class: 'data responsive scenario-chart-table' },
    h('caption', { id: captionId }, `Plan réel et scénarios : total des contributions, dépenses, cofinancements et besoin de financement (en euros)`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Plan'), CHART_FIGURES.map((f) => h('th', { scope: 'col', class: 'num' }, CHART_LABELS[f])))),
    h(
      'tbody',
      null,
      plans.map((p) =>
        h(
          'tr',
          { dataset: { plan: p.id } },
          h('th', { scope: 'row' }, p.title),
          CHART_FIGURES.map((f) => h('td', { class: 'num', dataset: { label: CHART_LABELS[f], plan: p.id, figure: f, value: chartValue(p.figures, f) } }, formatEuros(chartValue(p.figures, f)))),
        ),
      ),
    ),
  );
  return h('div', { class: 'scenario-chart' }, h('figure', { class: 'chart' }, bars(plans, captionId)), table);
}

/** @param {{ id: string, title: string, figures: any }[]} plans @param {string} captionId */
function bars(plans, captionId) {
  const [W, barWidth, row, header, gap] = [440, 300, 30, 22, 14];
  let max = 1n;
  for (const p of plans) for (const f of CHART_FIGURES) {
    const cents = toCents(chartValue(p.figures, f));
    const magnitude = cents < 0n ? -cents : cents;
    if (magnitude > max) max = magnitude;
  }
  const H = CHART_FIGURES.length * (header + plans.length * row + gap);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'scenario-chart-svg', role: 'img', 'aria-labelledby': captionId });
  let y = 0;
  for (const figure of CHART_FIGURES) {
    const group = svg('g', { class: 'figure-group', 'data-figure': figure });
    group.append(text({ x: 0, y: y + 15, 'font-weight': 700, 'font-size': 13 }, CHART_LABELS[figure]));
    y += header;
    plans.forEach((p, i) => {
      const value = chartValue(p.figures, figure);
      const width = (ratioPercent(toCents(value), max) / 100) * barWidth;
      group.append(text({ x: 0, y: y + 10, 'font-size': 11 }, p.title));
      group.append(svg('rect', { x: 0, y: y + 13, width: width.toFixed(1), height: 12, fill: COLOURS[i % COLOURS.length] ?? '#404040', 'data-plan': p.id, 'data-figure': figure, 'data-value': value }));
      group.append(text({ x: (width + 6).toFixed(1), y: y + 23, 'font-size': 11 }, formatEuros(value)));
      y += row;
    });
    y += gap;
    chart.append(group);
  }
  return chart;
}
