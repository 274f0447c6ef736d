// Closing a year (issue 16): the programme decider closes and reopens, the contribution decider
// applies the programme's rule to post-closing adjustments. Given past events, when a command,
// then these events or this error.
import { test } from 'uvu';
import { decideProgramme, type ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../../src/domain/programme/state.ts';
import { decideContribution, type ContributionCommand } from '../../src/domain/contribution/decider.ts';
import { evolveContribution, initialContributionState, type ContributionState } from '../../src/domain/contribution/state.ts';
import { ConflictError, InvalidCommandError } from '../../src/domain/errors.ts';
import type { ContributionEvent, ProgrammeEvent } from '../../src/domain/events.ts';
import { specFor } from './given-when-then.ts';

const P = 'acte3';
const HASH = 'ab'.repeat(32);
const opened: ProgrammeEvent = { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Acte 3', startsOn: '2023-01-01', endsOn: '2026-12-31' } };
const caf: ProgrammeEvent = { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'caf', name: 'CAF', category: 'caf' } };
const closed2024: ProgrammeEvent = { type: 'PeriodClosed', data: { programmeId: P, year: 2024, reason: 'compte rendu 2024 envoyé à la CAF', position: 42, headHash: HASH } };
const close = (year: number, reason = 'clôture'): ProgrammeCommand => ({ type: 'ClosePeriod', data: { programmeId: P, year, reason, position: 50, headHash: HASH } });

const givenProgramme = specFor<ProgrammeState, ProgrammeCommand, ProgrammeEvent>({ initialState: initialProgrammeState, evolve: evolveProgramme, decide: decideProgramme });

test('closing a year records the position and head hash it stands at', () => {
  givenProgramme([opened, caf]).when(close(2024, 'compte rendu 2024')).then([{ type: 'PeriodClosed', data: { programmeId: P, year: 2024, reason: 'compte rendu 2024', position: 50, headHash: HASH } }]);
});

test('closing twice is refused, naming the closing', () => {
  givenProgramme([opened, caf, closed2024]).when(close(2024)).then(ConflictError, { message: /^l’année 2024 est déjà close \(à la position 42\) : rouvrez-la d’abord$/ });
});

test('a year outside the programme, or a closing without a reason, is refused', () => {
  givenProgramme([opened]).when(close(2030)).then(InvalidCommandError, { path: 'year', message: /hors de la période du programme/ });
  givenProgramme([opened]).when(close(2024, '  ')).then(InvalidCommandError, { path: 'reason', message: /motif est obligatoire/ });
});

test('reopening needs a reason and a closed year; then the year may be closed again', () => {
  givenProgramme([opened, closed2024]).when({ type: 'ReopenPeriod', data: { programmeId: P, year: 2024, reason: '' } }).then(InvalidCommandError, { path: 'reason' });
  givenProgramme([opened]).when({ type: 'ReopenPeriod', data: { programmeId: P, year: 2024, reason: 'erreur' } }).then(ConflictError, { message: /l’année 2024 n’est pas close/ });
  const reopened: ProgrammeEvent = { type: 'PeriodReopened', data: { programmeId: P, year: 2024, reason: 'subvention CAF notifiée en retard' } };
  givenProgramme([opened, closed2024]).when({ type: 'ReopenPeriod', data: reopened.data as never }).then([reopened]);
  givenProgramme([opened, closed2024, reopened]).when(close(2024)).then([{ type: 'PeriodClosed', data: { programmeId: P, year: 2024, reason: 'clôture', position: 50, headHash: HASH } }]);
});

test('the closing policy: set once, the same again decides nothing', () => {
  const refuse: ProgrammeEvent = { type: 'ClosingPolicySet', data: { programmeId: P, policy: 'refuse' } };
  givenProgramme([opened]).when({ type: 'SetClosingPolicy', data: refuse.data as never }).then([refuse]);
  givenProgramme([opened, refuse]).when({ type: 'SetClosingPolicy', data: refuse.data as never }).then([]);
});

// ---- adjustments to a closed year ----

function givenIn(programmeEvents: ProgrammeEvent[]) {
  const programme = programmeEvents.reduce(evolveProgramme, initialProgrammeState());
  return specFor<ContributionState, ContributionCommand, ContributionEvent>({
    initialState: initialContributionState,
    evolve: evolveContribution,
    decide: (command, state) => decideContribution(command, state, programme),
  });
}
const grant = (date: string, amount = '1000') => ({ partnerId: 'caf', kind: 'cash', status: 'actual', date, amount }) as const;
const recorded2024: ContributionEvent = { type: 'ContributionRecorded', data: { programmeId: P, contributionId: 'g1', content: { ...grant('2024-05-01'), unit: 'eur' } } };
const policy = (p: 'allow' | 'require-reason' | 'refuse'): ProgrammeEvent => ({ type: 'ClosingPolicySet', data: { programmeId: P, policy: p } });
const correct = (date: string, amount: string): ContributionCommand => ({ type: 'CorrectContribution', programmeId: P, contributionId: 'g1', reason: 'avenant', content: grant(date, amount) });

test('by default an adjustment to a closed year is accepted (it is listed as one)', () => {
  givenIn([opened, caf, closed2024])([recorded2024]).when(correct('2024-05-01', '1200')).then([
    { type: 'ContributionCorrected', data: { programmeId: P, contributionId: 'g1', reason: 'avenant', content: { ...grant('2024-05-01', '1200'), unit: 'eur' } } },
  ]);
});

test('refused by setting: recording, correcting, withdrawing in a closed year; moving a contribution into or out of it', () => {
  const refusing = givenIn([opened, caf, closed2024, policy('refuse')]);
  const message = /^l’année 2024 est close et le programme refuse les écarts postérieurs à la clôture/;
  refusing([]).when({ type: 'RecordContribution', programmeId: P, contributionId: 'g2', content: grant('2024-12-31') }).then(ConflictError, { message });
  refusing([recorded2024]).when(correct('2024-05-01', '1200')).then(ConflictError, { message });
  refusing([recorded2024]).when(correct('2025-01-02', '1000')).then(ConflictError, { message });
  refusing([recorded2024]).when({ type: 'WithdrawContribution', programmeId: P, contributionId: 'g1', reason: 'doublon' }).then(ConflictError, { message });
  // 2025 is open; a repeated recording decides nothing and is never refused.
  refusing([]).when({ type: 'RecordContribution', programmeId: P, contributionId: 'g3', content: grant('2025-01-02') }).then([
    { type: 'ContributionRecorded', data: { programmeId: P, contributionId: 'g3', content: { ...grant('2025-01-02'), unit: 'eur' } } },
  ]);
  refusing([recorded2024]).when({ type: 'RecordContribution', programmeId: P, contributionId: 'g1', content: grant('2024-05-01') }).then([]);
});

test('a reason required by setting: a correction or a withdrawal passes, a recording or a validation is refused', () => {
  const withReason = givenIn([opened, caf, closed2024, policy('require-reason')]);
  withReason([recorded2024]).when({ type: 'WithdrawContribution', programmeId: P, contributionId: 'g1', reason: 'doublon' }).then([
    { type: 'ContributionWithdrawn', data: { programmeId: P, contributionId: 'g1', reason: 'doublon' } },
  ]);
  withReason([recorded2024]).when({ type: 'ValidateContribution', programmeId: P, contributionId: 'g1' }).then(ConflictError, { message: /demande un motif pour chaque écart/ });
  withReason([]).when({ type: 'RecordContribution', programmeId: P, contributionId: 'g2', content: grant('2024-02-01') }).then(ConflictError, { message: /demande un motif/ });
});

test.run();
