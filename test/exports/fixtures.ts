// Ledgers for the budget and workbook tests, written through the real command handlers: the demo
// scenario of the two seed networks, and small hand-made programmes whose figures are worked out in
// the tests' comments.
import '../key-file.ts';
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { Socle, requireProgramme } from '../../src/app/socle.ts';
import type { ContributionInput } from '../../src/domain/contribution/content.ts';
import type { EventData } from '../../src/domain/events.ts';
import type { ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { loadScenario } from '../../src/demo/load.ts';
import { demoScenario } from '../../src/demo/scenario.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { Checkpoint } from '../../src/read-model/runner.ts';
import type { LedgerState, ProgrammeView } from '../../src/read-model/ledger.ts';

export function tempDir(prefix = 'socle-exports-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The demo ledger of both seed networks on the memory store, caught up. */
export async function demoSocle(): Promise<Socle> {
  const socle = await Socle.onStore(createMemoryStore());
  await loadScenario(socle.commands, demoScenario());
  await socle.caughtUpTo((await socle.store.head()).position);
  return socle;
}

export async function ledgerOf(socle: Socle, programmeId: string, asOf?: number): Promise<{ checkpoint: Checkpoint<LedgerState>; programme: ProgrammeView }> {
  await socle.caughtUpTo((await socle.store.head()).position);
  const checkpoint = await socle.ledgerAt(asOf);
  return { checkpoint, programme: requireProgramme(checkpoint.state, programmeId) };
}

type Category = EventData<'PartnerJoined'>['category'];

/** A small programme to shape by hand: partners, actions and rates given by the test. */
export class SmallLedger {
  private sequence = 0;
  private constructor(
    readonly socle: Socle,
    readonly programmeId: string,
  ) {}

  static async open(programmeId = 'p'): Promise<SmallLedger> {
    const socle = await Socle.onStore(createMemoryStore());
    const ledger = new SmallLedger(socle, programmeId);
    await ledger.setUp({ type: 'OpenProgramme', data: { programmeId, name: 'Programme d’essai', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
    return ledger;
  }

  async setUp(command: ProgrammeCommand): Promise<void> {
    await this.socle.commands.handleProgramme(command, CLI_ACTOR);
  }

  async partner(partnerId: string, category: Category, name = partnerId): Promise<void> {
    await this.setUp({ type: 'AddPartner', data: { programmeId: this.programmeId, partnerId, name, category } });
  }

  async action(actionId: string, number: number, nature: 'fonctionnement' | 'investissement', pilotPartnerId?: string): Promise<void> {
    await this.setUp({
      type: 'DefineAction',
      data: { programmeId: this.programmeId, actionId, number, title: `Action ${number}`, nature, ...(pilotPartnerId !== undefined && { pilotPartnerId }) },
    });
  }

  async rate(kind: EventData<'ValuationRateSet'>['kind'], unit: EventData<'ValuationRateSet'>['unit'], amount: string, extra: { partnerId?: string } = {}): Promise<void> {
    await this.setUp({
      type: 'SetValuationRate',
      data: { programmeId: this.programmeId, rateId: `r${++this.sequence}`, kind, unit, amount, validFrom: '2024-01-01', basis: 'taux d’essai', ...extra },
    });
  }

  /** Records a contribution and returns its id. */
  async add(content: ContributionInput, id = `c${++this.sequence}`): Promise<string> {
    await this.socle.commands.handleContribution({ type: 'RecordContribution', programmeId: this.programmeId, contributionId: id, content }, CLI_ACTOR);
    return id;
  }

  async validate(id: string): Promise<void> {
    await this.socle.commands.handleContribution({ type: 'ValidateContribution', programmeId: this.programmeId, contributionId: id }, CLI_ACTOR);
  }

  async withdraw(id: string): Promise<void> {
    await this.socle.commands.handleContribution({ type: 'WithdrawContribution', programmeId: this.programmeId, contributionId: id, reason: 'erreur' }, CLI_ACTOR);
  }

  async ledger(asOf?: number) {
    return ledgerOf(this.socle, this.programmeId, asOf);
  }

  close(): Promise<void> {
    return this.socle.close();
  }
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

export function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name} (has ${workbook.worksheets.map((w) => w.name).join(', ')})`);
  return sheet;
}

/**
 * A cell's number: a plain value, or a formula's stored result. (exceljs's `cell.value` drops a
 * formula result of 0; `cell.result` keeps it.)
 */
export function numberAt(sheet: ExcelJS.Worksheet, row: number, col: number): number {
  const cell = sheet.getCell(row, col);
  if (cell.type === ExcelJS.ValueType.Formula) {
    if (typeof cell.result === 'number') return cell.result;
    throw new Error(`formula without a numeric result at ${sheet.name}!${cell.address}`);
  }
  if (typeof cell.value === 'number') return cell.value;
  throw new Error(`no number at ${sheet.name}!${cell.address}: ${JSON.stringify(cell.value)}`);
}

/** A number read from a cell, as a decimal string with two decimals ("1234.50"), for comparing with projections. */
export function centsString(value: number): string {
  const cents = Math.round(value * 100);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function textAt(sheet: ExcelJS.Worksheet, row: number, col: number): string {
  const value = sheet.getCell(row, col).value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  return String(value);
}

/** Finds the row whose column `col` holds exactly `text`. */
export function rowWith(sheet: ExcelJS.Worksheet, col: number, text: string, from = 1): number {
  for (let r = from; r <= sheet.rowCount; r++) if (textAt(sheet, r, col) === text) return r;
  throw new Error(`no row with "${text}" in column ${col} of ${sheet.name}`);
}

/** Every formula cell of a workbook with its stored result. */
export function formulaCells(workbook: ExcelJS.Workbook): { sheet: string; address: string; formula: string; result: unknown }[] {
  const cells: { sheet: string; address: string; formula: string; result: unknown }[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) cells.push({ sheet: sheet.name, address: cell.address, formula: cell.formula, result: cell.result });
      }),
    ),
  );
  return cells;
}

/** The Provenance sheet as label → value. */
export function provenanceOf(workbook: ExcelJS.Workbook): Map<string, string> {
  const sheet = sheetOf(workbook, 'Provenance');
  const map = new Map<string, string>();
  sheet.eachRow((row, n) => {
    const label = textAt(sheet, n, 1);
    if (label) map.set(label, textAt(sheet, n, 2));
  });
  return map;
}
