// What `socle service show` and `socle service indicators` print for a person (French): the weekly
// hours on a date per site and axis, the balance between the axes, progress against each target;
// each indicator's latest value against its target. --json prints the reports themselves.
import { frenchDate, frenchDecimal, frenchPercent } from '../domain/french-format.ts';
import type { ProgrammeView } from '../read-model/ledger.ts';
import type { HoursOn } from '../reports/service-hours.ts';
import type { IndicatorProgress, TargetProgress } from '../reports/service-progress.ts';

const STATUS = { reached: 'atteint', on_track: 'dans la trajectoire', behind: 'en retard', no_measure: 'pas encore mesuré' } as const;

interface Stamp {
  position: number;
  headHash: string;
}

const hours = (value: string) => `${frenchDecimal(value)} h`;
const percent = (value: string | null) => (value === null ? '—' : frenchPercent(value));

export function hoursInWords(programme: ProgrammeView, stamp: Stamp, on: HoursOn, targets: readonly TargetProgress[]): string[] {
  const site = (id: string) => programme.sites.get(id)?.name ?? id;
  const axis = (id: string) => programme.axes.get(id)?.title ?? id;
  const lines = [`${programme.name} — heures de service par semaine au ${frenchDate(on.date)} (position ${stamp.position}, empreinte ${stamp.headHash})`];
  if (on.cells.length === 0) lines.push('  aucun horaire en vigueur');
  for (const cell of on.cells) lines.push(`  ${site(cell.siteId)}, ${axis(cell.axisId)} : ${hours(cell.hours)}`);
  lines.push(`par axe : ${on.byAxis.map((a) => `${axis(a.axisId)} ${hours(a.hours)} (${frenchPercent(a.share)})`).join(', ') || 'aucun axe'}`);
  lines.push(`en tout : ${hours(on.total)} par semaine`);
  lines.push('Objectifs :');
  if (targets.length === 0) lines.push('  aucun');
  for (const t of targets) {
    const scope = [t.siteId && site(t.siteId), t.axisId && axis(t.axisId)].filter(Boolean).join(', ') || 'tout le programme';
    lines.push(
      `  ${t.label} (${scope}) : ${hours(t.value)} sur ${hours(t.target)} au ${frenchDate(t.dueOn)}, ${percent(t.percentOfTarget)} ; attendu ${hours(t.expected)} à cette date : ${STATUS[t.status]}`,
    );
  }
  return lines;
}

export function indicatorsInWords(programme: ProgrammeView, stamp: Stamp, date: string, indicators: readonly IndicatorProgress[]): string[] {
  const lines = [`${programme.name} — indicateurs au ${frenchDate(date)} (position ${stamp.position}, empreinte ${stamp.headHash})`];
  if (indicators.length === 0) lines.push('  aucun indicateur');
  for (const i of indicators) {
    const action = programme.actions.get(i.actionId);
    const latest = i.latest === null ? 'pas de mesure' : `dernière mesure ${frenchDecimal(i.latest.value)} ${i.unit} (du ${frenchDate(i.latest.periodFrom)} au ${frenchDate(i.latest.periodTo)})`;
    lines.push(
      `  ${i.label} — action ${action ? `n° ${action.number}` : i.actionId} : référence ${frenchDecimal(i.baseline)}, cible ${frenchDecimal(i.target)} ${i.unit} au ${frenchDate(i.dueOn)} ; ${latest} ; ${percent(i.percentOfTarget)} de la cible, ${percent(i.percentOfWay)} du chemin : ${STATUS[i.status]}`,
    );
  }
  return lines;
}
