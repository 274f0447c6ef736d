// The command that decides exactly this service event: an imported log is replayed as commands
// (src/app/import-domain-check.ts), so each stored fact must be what the rules would decide.
import type { ServiceEvent } from '../events.ts';
import type { ServiceCommand } from './decider.ts';

export function serviceCommand(event: ServiceEvent): ServiceCommand {
  const { programmeId } = event.data;
  switch (event.type) {
    case 'ServiceScheduleSet':
      return { type: 'SetSchedule', programmeId, scheduleId: event.data.scheduleId, schedule: event.data.schedule };
    case 'ServiceScheduleCorrected':
      return { type: 'CorrectSchedule', programmeId, scheduleId: event.data.scheduleId, reason: event.data.reason, schedule: event.data.schedule };
    case 'ServiceScheduleWithdrawn':
      return { type: 'WithdrawSchedule', programmeId, scheduleId: event.data.scheduleId, reason: event.data.reason };
    case 'ServiceTargetSet':
      return { type: 'SetTarget', programmeId, targetId: event.data.targetId, target: event.data.target };
    case 'ServiceTargetCorrected':
      return { type: 'CorrectTarget', programmeId, targetId: event.data.targetId, reason: event.data.reason, target: event.data.target };
    case 'IndicatorDefined':
      return { type: 'DefineIndicator', programmeId, indicatorId: event.data.indicatorId, indicator: event.data.indicator };
    case 'IndicatorCorrected':
      return { type: 'CorrectIndicator', programmeId, indicatorId: event.data.indicatorId, reason: event.data.reason, indicator: event.data.indicator };
    case 'MeasurementRecorded':
      return { type: 'RecordMeasurement', programmeId, measurementId: event.data.measurementId, measurement: event.data.measurement };
    case 'MeasurementCorrected':
      return { type: 'CorrectMeasurement', programmeId, measurementId: event.data.measurementId, reason: event.data.reason, measurement: event.data.measurement };
    case 'MeasurementWithdrawn':
      return { type: 'WithdrawMeasurement', programmeId, measurementId: event.data.measurementId, reason: event.data.reason };
  }
}
