// A closed year's account (issue 16): the figures as they stood at the closing, always the same
// whatever is appended later, and beside them the "Écarts postérieurs à la clôture": each event
// since the closing that moved the year's figures (who, when, why, its effect in euros), which
// together account for the whole difference with the live figures (src/app/ledger-diff.ts).
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { programmeStream } from '../domain/events.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import type { TotalsDocument, TotalsFilters } from '../reports/totals-document.ts';
import type { DiffDocument } from '../reports/ledger-diff.ts';
import type { EventStore } from '../store/port.ts';
import { diffLedger } from './ledger-diff.ts';
import type { Socle } from './socle.ts';
import type { ExportRequest } from '../exports/workbook-request.ts';
import type { ClosingOfWorkbook } from '../exports/adjustments-sheet.ts';

export interface ClosingRecord {
  year: number;
  reason: string;
  /** The position and hash the closed account stands at. */
  position: number;
  headHash: string;
  /** The closing event itself: where, when and by whom. */
  eventPosition: number;
  closedAt: string;
  closedBy: string;
  role: string;
}

/** The years closed now, from the programme's stream (a reopened year is not). */
export async function closingsOf(store: EventStore, programmeId: string): Promise<Map<number, ClosingRecord>> {
  const { events, streamExists } = await store.readStream(programmeStream(programmeId));
  if (!streamExists) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  const closings = new Map<number, ClosingRecord>();
  for (const recorded of events) {
    const event = toDomainEvent(recorded.type, recorded.schemaVersion, recorded.data);
    if (event.type === 'PeriodReopened') closings.delete(event.data.year);
    if (event.type !== 'PeriodClosed') continue;
    const { year, reason, position, headHash } = event.data;
    closings.set(year, { year, reason, position, headHash, eventPosition: recorded.position, closedAt: recorded.recordedAt, closedBy: recorded.metadata.actor, role: recorded.metadata.role });
  }
  return closings;
}

export interface ClosedAccount {
  programmeId: string;
  year: number;
  closing: ClosingRecord;
  /** The year's totals at the closing, planned and actual. */
  closed: { planned: TotalsDocument; actual: TotalsDocument };
  /** The year's totals now. */
  live: { position: number; headHash: string; planned: string; actual: string };
  /** Écarts postérieurs à la clôture: the events since the closing that moved the year's figures. */
  adjustments: DiffDocument['events'];
  /** The figures of the year's totals that differ now from the closed ones. */
  differences: DiffDocument['totals'];
}

export async function closedAccount(socle: Socle, programmeId: string, year: number, actionId?: string): Promise<ClosedAccount> {
  const closing = (await closingsOf(socle.store, programmeId)).get(year);
  if (!closing) throw new ConflictError(DOMAIN_FR.yearNotClosed(year));
  const live = await socle.ledgerAt();
  const scope = { year, include: 'active' as const, ...(actionId !== undefined && { actionId }) };
  const totalsAt = async (status: 'planned' | 'actual', asOf: number) => socle.totals(programmeId, { status, ...scope }, asOf);
  const diff = await diffLedger(socle, programmeId, { from: String(closing.position), to: String(live.position), ...scope });
  return {
    programmeId,
    year,
    closing,
    closed: { planned: await totalsAt('planned', closing.position), actual: await totalsAt('actual', closing.position) },
    live: { position: live.position, headHash: live.hash, planned: (await totalsAt('planned', live.position)).total, actual: (await totalsAt('actual', live.position)).total },
    adjustments: diff.events,
    differences: diff.totals,
  };
}

/**
 * A budget or a funding plan of a closed year, asked without a position or a date, is the closed
 * account: made at the closing, with the adjustments since on their own sheet. So is one asked at
 * the closing's own position: the command its Provenance prints (`--as-of` the closing) makes the
 * same workbook again, adjustments sheet included. Undefined otherwise (an open year, another
 * workbook, another stamp, a programme the export will report unknown).
 */
export async function closedWorkbook(socle: Socle, request: ExportRequest): Promise<{ asOf: number; closing: ClosingOfWorkbook } | undefined> {
  if (request.year === undefined || request.asOfDate !== undefined) return undefined;
  if (request.workbook !== 'budget' && request.workbook !== 'funding-plan') return undefined;
  const closings = await closingsOf(socle.store, request.programmeId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return new Map<number, ClosingRecord>();
    throw error;
  });
  const record = closings.get(request.year);
  if (!record || (request.asOf !== undefined && request.asOf !== record.position)) return undefined;
  const account = await closedAccount(socle, request.programmeId, request.year, request.actionId);
  const { closing, closed, live } = account;
  return {
    asOf: closing.position,
    closing: {
      year: closing.year,
      reason: closing.reason,
      position: closing.position,
      headHash: closing.headHash,
      closedAt: closing.closedAt,
      closedBy: closing.closedBy,
      closed: { planned: closed.planned.total, actual: closed.actual.total },
      live: { position: live.position, planned: live.planned, actual: live.actual },
      adjustments: account.adjustments,
    },
  };
}

/**
 * The totals of a closed year, asked without a position or a date (GET /totals?year=Y): the figures
 * at the closing, as the closed-account route gives them, with the live total and the adjustments
 * since beside them. Undefined for an open year, no year, or an explicit stamp (a plain as-of read).
 */
export async function closedTotals(socle: Socle, programmeId: string, filters: TotalsFilters): Promise<(TotalsDocument & { closedYear: ClosedYearOfTotals }) | undefined> {
  if (filters.year === undefined) return undefined;
  const closing = (await closingsOf(socle.store, programmeId)).get(filters.year);
  if (!closing) return undefined;
  const closed = await socle.totals(programmeId, filters, closing.position);
  const live = await socle.ledgerAt();
  const liveTotals = await socle.totals(programmeId, filters, live.position);
  const scope = { year: filters.year, include: filters.include, ...(filters.actionId !== undefined && { actionId: filters.actionId }) };
  const diff = await diffLedger(socle, programmeId, { from: String(closing.position), to: String(live.position), ...scope });
  return {
    ...closed,
    closedYear: {
      year: closing.year,
      reason: closing.reason,
      closedAt: closing.closedAt,
      closedBy: closing.closedBy,
      live: { position: live.position, headHash: live.hash, total: liveTotals.total },
      adjustments: diff.events,
    },
  };
}

export interface ClosedYearOfTotals {
  year: number;
  reason: string;
  closedAt: string;
  closedBy: string;
  live: { position: number; headHash: string; total: string };
  adjustments: DiffDocument['events'];
}
