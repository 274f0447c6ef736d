// Writes one workbook for a request: fixes the position first (the as-of asked for, else the head),
// builds the figures from the ledger as of that position, and writes the file atomically (a
// temporary file renamed into place), so a failure leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ledgerProjection, type LedgerState } from '../projections/ledger.ts';
import { replay, type Checkpoint } from '../projections/runner.ts';
import { PLAN_MODES } from '../projections/funding-plan.ts';
import { CODE_MAPS } from '../projections/budget-lines.ts';
import { InvalidCommandError, NotFoundError } from '../src/domain/errors.ts';
import { programmeStream } from '../src/domain/events.ts';
import { toDomainEvent } from '../src/domain/upcast.ts';
import { dec, DECIMAL_PATTERN } from '../src/domain/money.ts';
import type { EventStore } from '../src/store/port.ts';
import { requireProgramme } from '../src/app/socle.ts';
import { budgetOf, writeBudgetWorkbook } from './budget.ts';
import { writeContributionsWorkbook } from './contributions.ts';
import { fundingPlanOf, writeFundingPlanWorkbook } from './funding-plan.ts';
import { writeJournalWorkbook } from './journal.ts';
import type { Provenance } from './provenance.ts';
import { filtersInWords, generatorVersion, reproduceCommand, type ExportRequest } from './request.ts';

/** What an export reads: the store, and the ledger read model as of a position (a Socle is one). */
export interface ExportSource {
  store: EventStore;
  ledgerAt(asOf?: number): Promise<Checkpoint<LedgerState>>;
}

export interface ExportOptions {
  /** The generation time printed on the Provenance sheet (default: now). */
  now?: () => Date;
}

export interface ExportResult {
  path: string;
  position: number;
  headHash: string;
}

const BUDGET_STATUSES = ['planned', 'actual', 'both'];

/** Refuses what no workbook could honour, before anything is read or written. */
export function validateRequest(request: ExportRequest): void {
  const fail = (path: string, message: string): never => {
    throw new InvalidCommandError(`${path}: ${message}`, [{ path, message }]);
  };
  if (request.status !== undefined) {
    if (request.workbook === 'budget' && !BUDGET_STATUSES.includes(request.status)) fail('status', `the budget takes planned, actual or both, not "${request.status}"`);
    if (request.workbook === 'funding-plan' && !(PLAN_MODES as readonly string[]).includes(request.status))
      fail('status', `the funding plan takes consolidated, planned or actual, not "${request.status}"`);
    if (request.workbook === 'contributions' || request.workbook === 'journal') fail('status', `${request.workbook} shows every status: --status does not apply`);
  }
  const budgetOnly = request.codes !== undefined || request.publicCap !== undefined || request.inKindEligible || request.chefDeFile;
  if (budgetOnly && request.workbook !== 'budget') fail('codes', 'the code map and the check options apply to the budget workbook only');
  if (request.codes !== undefined && !(CODE_MAPS as readonly string[]).includes(request.codes)) fail('codes', `expected cerfa or anc, not "${request.codes}"`);
  if (request.publicCap !== undefined && (!DECIMAL_PATTERN.test(request.publicCap) || dec(request.publicCap).lte(0) || dec(request.publicCap).gt(100)))
    fail('publicCap', `expected a percentage above 0 and at most 100, not "${request.publicCap}"`);
  if (request.workbook === 'journal' && (request.year !== undefined || request.actionId !== undefined || request.applicantId !== undefined || request.include !== undefined))
    fail('workbook', 'the journal lists every event of the programme: it takes only --as-of');
  if (request.workbook === 'contributions' && request.applicantId !== undefined) fail('applicant', 'the contributions table has no applicant');
}

/**
 * The position an export is computed at: the one asked for (refused beyond the head, so the same
 * as-of always means the same figures), else the head.
 */
export async function resolvePosition(store: EventStore, asOf: number | undefined): Promise<{ position: number; headHash: string }> {
  const head = await store.head();
  if (asOf === undefined) return { position: head.position, headHash: head.hash };
  if (asOf > head.position) throw new InvalidCommandError(`as-of ${asOf} is beyond the last position of the log (${head.position})`, [{ path: 'asOf', message: `at most ${head.position}` }]);
  const at = await store.head(asOf);
  return { position: at.position, headHash: at.hash };
}

export async function exportWorkbook(source: ExportSource, request: ExportRequest, outFile: string, options: ExportOptions = {}): Promise<ExportResult> {
  validateRequest(request);
  const now = (options.now ?? (() => new Date()))();
  const asked = await resolvePosition(source.store, request.asOf);
  const temporary = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const provenanceOf = (programmeName: string, position: number, headHash: string): Provenance => ({
    workbook: request.workbook,
    programmeId: request.programmeId,
    programmeName,
    position,
    headHash,
    filters: filtersInWords(request),
    generator: generatorVersion(),
    generatedAt: now,
    command: reproduceCommand(request, position, outFile),
  });

  try {
    if (request.workbook === 'journal') {
      const programmeName = await programmeNameAt(source.store, request.programmeId, asked.position);
      await writeJournalWorkbook(source.store, request.programmeId, asked.position, provenanceOf(programmeName, asked.position, asked.headHash), temporary);
      renameSync(temporary, outFile);
      return { path: outFile, position: asked.position, headHash: asked.headHash };
    }
    // Without an as-of, the read model's own position is the truth (it may be a step behind a write
    // that another process made a moment ago; the figures and the Provenance stay consistent).
    let checkpoint = await source.ledgerAt(request.asOf ?? asked.position);
    // A read model that is behind an as-of asked for would answer for an earlier position: replay.
    if (request.asOf !== undefined && checkpoint.position !== asked.position) checkpoint = await replay(source.store, ledgerProjection, { to: asked.position });
    const programme = requireProgramme(checkpoint.state, request.programmeId);
    const provenance = provenanceOf(programme.name, checkpoint.position, checkpoint.hash);
    switch (request.workbook) {
      case 'contributions':
        if (request.actionId !== undefined && !programme.actions.has(request.actionId)) throw new NotFoundError(`unknown action ${request.actionId} in programme ${programme.programmeId}`);
        await writeContributionsWorkbook(checkpoint, programme, request, provenance, temporary);
        break;
      case 'budget':
        await writeBudgetWorkbook(budgetOf(checkpoint, programme, request), provenance, temporary);
        break;
      case 'funding-plan':
        await writeFundingPlanWorkbook(fundingPlanOf(checkpoint, programme, request), provenance, temporary);
        break;
    }
    renameSync(temporary, outFile);
    return { path: outFile, position: checkpoint.position, headHash: checkpoint.hash };
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The programme's name as opened, provided it was opened at or before `position`. */
async function programmeNameAt(store: EventStore, programmeId: string, position: number): Promise<string> {
  const stream = await store.readStream(programmeStream(programmeId));
  const opened = stream.events[0];
  if (!opened || opened.position > position) throw new NotFoundError(`unknown programme ${programmeId}${opened ? ` at position ${position}` : ''}`);
  const event = toDomainEvent(opened.type, opened.schemaVersion, opened.data);
  return event.type === 'ProgrammeOpened' ? event.data.name : programmeId;
}
