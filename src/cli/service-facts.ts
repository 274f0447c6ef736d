// The service facts of `socle service` (issue 15): each write action's options, turned into the
// decider's command after the event catalogue's content schema has checked them (so the command
// line accepts exactly what the API does), and what the command line says once it is written.
import type { z } from 'zod';
import { IndicatorContent, MeasurementContent, ServiceScheduleContent, ServiceTargetContent } from '../domain/events.ts';
import type { ServiceCommand } from '../domain/service/decider.ts';
import { NameSchema } from '../domain/schemas.ts';
import { UsageError } from './context.ts';

export const SERVICE_ACTIONS = [
  'schedule',
  'correct-schedule',
  'withdraw-schedule',
  'target',
  'correct-target',
  'indicator',
  'correct-indicator',
  'measurement',
  'correct-measurement',
  'withdraw-measurement',
] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

/** Each content field and the option that gives it (a content's error names the option). */
const OPTION_OF = {
  siteId: 'site',
  axisId: 'axis',
  hoursPerWeek: 'hours',
  from: 'from',
  until: 'until',
  note: 'note',
  label: 'label',
  baselineOn: 'baseline-on',
  value: 'value',
  multiplier: 'multiplier',
  dueOn: 'due',
  actionId: 'action',
  unit: 'unit',
  baseline: 'baseline',
  target: 'target',
  direction: 'direction',
  indicatorId: 'indicator',
  periodFrom: 'from',
  periodTo: 'to',
  evidence: 'evidence',
} as const;

const OPTION_NAMES = ['programme', 'id', 'reason', ...new Set(Object.values(OPTION_OF))] as const;
export const SERVICE_OPTIONS = Object.fromEntries(OPTION_NAMES.map((name) => [name, { type: 'string' as const }])) as Record<(typeof OPTION_NAMES)[number], { type: 'string' }>;
export type ServiceOptions = Partial<Record<(typeof OPTION_NAMES)[number], string>>;

/** The content the schema keeps from the options (fields absent from the line are left out). */
function content<S extends z.ZodObject>(schema: S, options: ServiceOptions, fields: readonly (keyof typeof OPTION_OF)[], fixed: Record<string, string> = {}): z.output<S> {
  const raw: Record<string, string> = { ...fixed };
  for (const field of fields) {
    const value = options[OPTION_OF[field]];
    if (value !== undefined) raw[field] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const words = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '') as keyof typeof OPTION_OF;
    return `--${OPTION_OF[field] ?? field} : ${issue.message}`;
  });
  throw new UsageError(words.join(' ; '));
}

function required(options: ServiceOptions, name: 'id' | 'reason', action: ServiceAction): string {
  const value = options[name]?.trim();
  if (!value) throw new UsageError(name === 'id' ? `socle service ${action} a besoin de --id ID` : `socle service ${action} a besoin de --reason TEXTE (un motif est obligatoire)`);
  if (name === 'reason' && !NameSchema.safeParse(value).success) throw new UsageError('--reason : motif trop long ou mal formé');
  return value;
}

const SCHEDULE = ['siteId', 'axisId', 'hoursPerWeek', 'from', 'until', 'note'] as const;
const TARGET = ['label', 'siteId', 'axisId', 'baselineOn', 'value', 'multiplier', 'dueOn'] as const;
const INDICATOR = ['actionId', 'label', 'unit', 'baseline', 'baselineOn', 'target', 'dueOn', 'direction'] as const;
const MEASUREMENT = ['indicatorId', 'value', 'periodFrom', 'periodTo', 'evidence'] as const;

export function serviceCommandOf(action: ServiceAction, programmeId: string, options: ServiceOptions): ServiceCommand {
  const id = required(options, 'id', action);
  const reason = () => required(options, 'reason', action);
  switch (action) {
    case 'schedule':
      return { type: 'SetSchedule', programmeId, scheduleId: id, schedule: content(ServiceScheduleContent, options, SCHEDULE) };
    case 'correct-schedule':
      return { type: 'CorrectSchedule', programmeId, scheduleId: id, reason: reason(), schedule: content(ServiceScheduleContent, options, SCHEDULE) };
    case 'withdraw-schedule':
      return { type: 'WithdrawSchedule', programmeId, scheduleId: id, reason: reason() };
    case 'target':
      return { type: 'SetTarget', programmeId, targetId: id, target: content(ServiceTargetContent, options, TARGET, { unit: 'hours_per_week' }) };
    case 'correct-target':
      return { type: 'CorrectTarget', programmeId, targetId: id, reason: reason(), target: content(ServiceTargetContent, options, TARGET, { unit: 'hours_per_week' }) };
    case 'indicator':
      return { type: 'DefineIndicator', programmeId, indicatorId: id, indicator: content(IndicatorContent, options, INDICATOR) };
    case 'correct-indicator':
      return { type: 'CorrectIndicator', programmeId, indicatorId: id, reason: reason(), indicator: content(IndicatorContent, options, INDICATOR) };
    case 'measurement':
      return { type: 'RecordMeasurement', programmeId, measurementId: id, measurement: content(MeasurementContent, options, MEASUREMENT) };
    case 'correct-measurement':
      return { type: 'CorrectMeasurement', programmeId, measurementId: id, reason: reason(), measurement: content(MeasurementContent, options, MEASUREMENT) };
    case 'withdraw-measurement':
      return { type: 'WithdrawMeasurement', programmeId, measurementId: id, reason: reason() };
  }
}

const DONE: Record<ServiceCommand['type'], (id: string) => string> = {
  SetSchedule: (id) => `horaire ${id} enregistré`,
  CorrectSchedule: (id) => `horaire ${id} corrigé`,
  WithdrawSchedule: (id) => `horaire ${id} retiré`,
  SetTarget: (id) => `objectif ${id} enregistré`,
  CorrectTarget: (id) => `objectif ${id} corrigé`,
  DefineIndicator: (id) => `indicateur ${id} défini`,
  CorrectIndicator: (id) => `indicateur ${id} corrigé`,
  RecordMeasurement: (id) => `mesure ${id} enregistrée`,
  CorrectMeasurement: (id) => `mesure ${id} corrigée`,
  WithdrawMeasurement: (id) => `mesure ${id} retirée`,
};

export function writtenInWords(command: ServiceCommand, position: number | null): string {
  const id = 'scheduleId' in command ? command.scheduleId : 'targetId' in command ? command.targetId : 'indicatorId' in command ? command.indicatorId : command.measurementId;
  return position === null ? `${DONE[command.type](id)} : déjà fait à l’identique, rien d’écrit` : `${DONE[command.type](id)} (événement ${position})`;
}
