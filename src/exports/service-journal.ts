// The journal's one-line French summary of a service fact (issue 15): kept apart from
// journal-workbook.ts so that its switch over the older events stays as it was.
import type { ServiceEvent } from '../domain/events.ts';
import { frenchDate, frenchDecimal } from './labels.ts';

export function summarizeService(event: ServiceEvent): string {
  switch (event.type) {
    case 'ServiceScheduleSet':
    case 'ServiceScheduleCorrected': {
      const s = event.data.schedule;
      const body = `${event.data.scheduleId} : ${s.siteId}, axe ${s.axisId}, ${frenchDecimal(s.hoursPerWeek)} h par semaine dès le ${frenchDate(s.from)}${s.until ? ` jusqu’au ${frenchDate(s.until)}` : ''}`;
      return event.type === 'ServiceScheduleCorrected' ? `${body} — motif : ${event.data.reason}` : body;
    }
    case 'ServiceScheduleWithdrawn':
      return `${event.data.scheduleId} — motif : ${event.data.reason}`;
    case 'ServiceTargetSet':
    case 'ServiceTargetCorrected': {
      const t = event.data.target;
      const what = t.value !== undefined ? `${frenchDecimal(t.value)} h par semaine` : `${frenchDecimal(t.multiplier!)} fois les heures du ${frenchDate(t.baselineOn)}`;
      const body = `${event.data.targetId} : ${t.label} — ${what} au ${frenchDate(t.dueOn)}`;
      return event.type === 'ServiceTargetCorrected' ? `${body} — motif : ${event.data.reason}` : body;
    }
    case 'IndicatorDefined':
    case 'IndicatorCorrected': {
      const i = event.data.indicator;
      const body = `${event.data.indicatorId} : ${i.label} (${i.unit}), action ${i.actionId}, de ${frenchDecimal(i.baseline)} à ${frenchDecimal(i.target)} au ${frenchDate(i.dueOn)}`;
      return event.type === 'IndicatorCorrected' ? `${body} — motif : ${event.data.reason}` : body;
    }
    case 'MeasurementRecorded':
    case 'MeasurementCorrected': {
      const m = event.data.measurement;
      const body = `${event.data.measurementId} : ${m.indicatorId} = ${frenchDecimal(m.value)}, du ${frenchDate(m.periodFrom)} au ${frenchDate(m.periodTo)}`;
      return event.type === 'MeasurementCorrected' ? `${body} — motif : ${event.data.reason}` : body;
    }
    case 'MeasurementWithdrawn':
      return `${event.data.measurementId} — motif : ${event.data.reason}`;
  }
}
