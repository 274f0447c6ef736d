// The benchmark's output: the machine, then one row per figure (median, min, max of the runs, and
// the target it is held to). Rendered as a Markdown table so the same text goes into
// docs/benchmarks.md unchanged.
import type { Summary } from './stats.ts';

export interface Row {
  section: string;
  figure: string;
  unit: string;
  value: Summary;
  /** The target in words, e.g. "≥ 5,000"; empty when the figure has none. */
  target?: string;
  /** Whether the median meets the target; undefined when there is no target. */
  met?: boolean;
  note?: string;
}

/** A row whose figure could not be measured, with the reason. */
export interface Skipped {
  section: string;
  figure: string;
  reason: string;
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function renderTable(rows: readonly Row[], skipped: readonly Skipped[] = []): string {
  const header = ['#', 'figure', 'median', 'min', 'max', 'unit', 'runs', 'target', ''];
  const lines: string[][] = rows.map((row) => [
    row.section,
    row.figure,
    formatNumber(row.value.median),
    formatNumber(row.value.min),
    formatNumber(row.value.max),
    row.unit,
    String(row.value.runs),
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'met' : 'MISSED',
  ]);
  for (const s of skipped) lines.push([s.section, s.figure, '—', '—', '—', '', '0', '', `not measured: ${s.reason}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const numeric = new Set([2, 3, 4, 6]);
  const cell = (text: string, i: number) => (numeric.has(i) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const out = [
    `| ${header.map(cell).join(' | ')} |`,
    `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...lines.map((l) => `| ${l.map(cell).join(' | ')} |`),
  ];
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.section} ${r.figure}: ${r.note}`);
  return notes.length > 0 ? `${out.join('\n')}\n\n${notes.join('\n')}` : out.join('\n');
}

/** Whether a median meets a lower bound (higher is better) or an upper bound (lower is better). */
export function atLeast(value: Summary, bound: number): boolean {
  return value.median >= bound;
}

export function atMost(value: Summary, bound: number): boolean {
  return value.median <= bound;
}
