// The `journal` workbook: every event of a programme in log order (position, time, stream, type,
// actor, a summary in French, its chained hash), then `Provenance`. Written with exceljs's streaming
// writer while reading the store page by page, so memory stays bounded whatever the log's length:
// each row is serialized as soon as it is made and handed to the zip stream 64 KB at a time, and
// nothing is kept but the programme's set-up names used in summaries. The event rows (plain text
// and numbers in their columns' styles) are written as XML text (sheet-rows.ts): the same XML
// exceljs writes, without its per-cell objects, which took about a third of the time of a
// million-event journal; with an exceljs whose internals it does not know, through exceljs's rows. The header, the count and the Provenance sheet are exceljs's.
import type ExcelJS from 'exceljs';
import { toDomainEvent } from '../domain/upcast.ts';
import { isCheckpointEvent } from '../store/checkpoints.ts';
import type { DomainEvent, EventData } from '../domain/events.ts';
import type { RecordedEvent } from '../store/port.ts';
import type { ReadSource } from './read-source.ts';
import { CATEGORY_LABEL, CLOSING_POLICY_LABEL, EVENT_LABEL, KIND_LABEL, STATUS_LABEL, UNIT_LABEL, frenchDate, frenchDecimal } from './labels.ts';
import { PROVENANCE_SHEET, writeProvenance, type Provenance } from './provenance.ts';
import { FONT_NAME, FOOTER, heightOfLines, pageSetupOf, wrappedLines } from './xlsx.ts';
import { ColumnStyles, ROWS_PER_CHECK, drain, largeZipChunks, streamingWorkbook } from './stream.ts';
import { plainRowSink } from './sheet-rows.ts';
import { summarizeService } from './service-journal.ts';

/** Events read per page from the store. */
export const JOURNAL_PAGE_SIZE = 1000;

const COLUMNS: { header: string; width: number; font?: Partial<ExcelJS.Font> }[] = [
  { header: 'Position', width: 9 },
  { header: 'Enregistré le (UTC)', width: 21 },
  { header: 'Flux', width: 22 },
  { header: 'Événement', width: 20 },
  { header: 'Acteur', width: 18 },
  { header: 'Rôle', width: 11 },
  { header: 'Résumé', width: 62 },
  { header: 'Empreinte (SHA-256)', width: 50, font: { name: 'Courier New', size: 7 } },
];

const SUMMARY_COLUMN = 7;

export interface JournalResult {
  /** Events written (the programme's events up to the position). */
  events: number;
}

export async function writeJournalWorkbook(source: ReadSource, programmeId: string, provenance: Provenance, path: string): Promise<JournalResult> {
  const position = source.position;
  const workbook = streamingWorkbook(path, provenance.generatedAt);
  const sheet = workbook.addWorksheet('Journal', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 1, topLeftCell: 'B2', activeCell: 'B2' }],
    pageSetup: pageSetupOf('landscape'),
    headerFooter: FOOTER,
  });
  largeZipChunks(sheet);
  COLUMNS.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width;
    column.font = { name: FONT_NAME, size: 9, ...c.font };
    column.alignment = { vertical: 'top', wrapText: i === 6, ...(i === 0 && { horizontal: 'center' }) };
  });
  const columnStyles = new ColumnStyles(sheet, COLUMNS.length);
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { name: FONT_NAME, bold: true, size: 10 };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.commit();

  const rows = plainRowSink(sheet, columnStyles);
  const summaryWidth = COLUMNS[SUMMARY_COLUMN - 1]!.width;
  const names = new SetUpNames();
  let events = 0;
  if (position > 0) {
    // A page at a time: one await per page rather than one per event.
    for await (const page of source.logPages(JOURNAL_PAGE_SIZE)) {
      for (const event of page) {
        // Signed checkpoints belong to the log, not to a programme.
        if (isCheckpointEvent(event)) continue;
        const domain = toDomainEvent(event.type, event.schemaVersion, event.data) as DomainEvent;
        if (domain.data.programmeId !== programmeId) continue;
        names.learn(domain);
        const values = journalRow(event, domain, names);
        // The summary wraps: its row gets the height of its lines (fitRowHeight's estimate).
        rows.add(values, heightOfLines(wrappedLines(values[SUMMARY_COLUMN - 1] as string, summaryWidth, 9), 9));
        events += 1;
        if (events % ROWS_PER_CHECK === 0) await drain(sheet);
      }
    }
  }
  rows.flush();
  const count = sheet.addRow([null, null, null, null, null, null, `${events} événement(s) du programme jusqu’à la position ${position}.`]);
  count.font = { name: FONT_NAME, italic: true, size: 9 };
  count.commit();
  sheet.commit();

  const provenanceSheet = workbook.addWorksheet(PROVENANCE_SHEET, { pageSetup: pageSetupOf('landscape'), headerFooter: FOOTER });
  writeProvenance(provenanceSheet, provenance, true);
  provenanceSheet.commit();
  await workbook.commit();
  return { events };
}

export function journalRow(event: RecordedEvent, domain: DomainEvent, names: SetUpNames): (string | number)[] {
  return [event.position, event.recordedAt, event.stream, EVENT_LABEL[event.type] ?? event.type, event.metadata.actor, event.metadata.role, summarize(domain, names), event.hash];
}

/** Partner and action names met so far in the log, for readable summaries; as small as the set-up. */
export class SetUpNames {
  readonly partners = new Map<string, string>();
  readonly actions = new Map<string, number>();

  learn(event: DomainEvent): void {
    if (event.type === 'PartnerJoined') this.partners.set(event.data.partnerId, event.data.name);
    if (event.type === 'ActionDefined') this.actions.set(event.data.actionId, event.data.number);
  }

  partner(id: string): string {
    return this.partners.get(id) ?? id;
  }
}

/** "fiche de l’action n° 2 renseignée : services concernés, objectifs opérationnels, 2 étape(s) au calendrier". */
function summarizeSheet(data: EventData<'ActionSheetSet'>, names: SetUpNames): string {
  const { sheet } = data;
  const filled = [sheet.services && 'services concernés', sheet.stakes && 'enjeux', sheet.objectives && 'objectifs opérationnels'].filter(Boolean);
  return `fiche de l’action n° ${names.actions.get(data.actionId) ?? data.actionId} renseignée : ${[...filled, `${sheet.calendar.length} étape(s) au calendrier`].join(', ')}`;
}

function summarize(event: DomainEvent, names: SetUpNames): string {
  switch (event.type) {
    case 'ProgrammeOpened':
      return `« ${event.data.name} », du ${frenchDate(event.data.startsOn)} au ${frenchDate(event.data.endsOn)}`;
    case 'PartnerJoined':
      return `${event.data.partnerId} : ${event.data.name} (${CATEGORY_LABEL[event.data.category]})`;
    case 'AxisDefined':
      return `${event.data.axisId} : ${event.data.title}`;
    case 'ActionDefined':
      return `Action n° ${event.data.number} (${event.data.actionId}) : ${event.data.title} — ${event.data.nature}${event.data.pilotPartnerId ? `, pilote ${names.partner(event.data.pilotPartnerId)}` : ''}`;
    case 'SiteRegistered':
      return `${event.data.siteId} : ${event.data.name}`;
    case 'ValuationRateSet': {
      const d = event.data;
      return `${d.rateId} : ${KIND_LABEL[d.kind]}, ${frenchDecimal(d.amount)} € par ${UNIT_LABEL[d.unit]} dès le ${frenchDate(d.validFrom)}${d.validUntil ? ` jusqu’au ${frenchDate(d.validUntil)}` : ''}${d.partnerId ? `, pour ${names.partner(d.partnerId)}` : ''}${d.role ? `, rôle ${d.role}` : ''} — ${d.basis}`;
    }
    case 'FiguresPublished':
      return `${event.data.publicationId} : chiffres collectifs publiés${event.data.note ? ` — ${event.data.note}` : ''}`;
    case 'ContributionRecorded':
    case 'ContributionCorrected': {
      const c = event.data.content;
      const what = c.quantity !== undefined ? `${frenchDecimal(c.quantity)} ${UNIT_LABEL[c.unit]}${c.rate ? ` à ${frenchDecimal(c.rate)} €` : ''}` : `${frenchDecimal(c.amount ?? '0')} €`;
      const action = c.actionId !== undefined ? `, action n° ${names.actions.get(c.actionId) ?? c.actionId}` : '';
      const body = `${event.data.contributionId} : ${names.partner(c.partnerId)} — ${KIND_LABEL[c.kind]}, ${what}, ${STATUS_LABEL[c.status].toLowerCase()}, ${frenchDate(c.date)}${c.until ? ` au ${frenchDate(c.until)}` : ''}${action}`;
      return event.type === 'ContributionCorrected' ? `${body} — motif : ${event.data.reason}` : body;
    }
    case 'ContributionWithdrawn':
    case 'ContributionRejected':
      return `${event.data.contributionId} — motif : ${event.data.reason}`;
    case 'ContributionValidated':
      return event.data.contributionId;
    case 'ServiceScheduleSet':
    case 'ServiceScheduleCorrected':
    case 'ServiceScheduleWithdrawn':
    case 'ServiceTargetSet':
    case 'ServiceTargetCorrected':
    case 'IndicatorDefined':
    case 'IndicatorCorrected':
    case 'MeasurementRecorded':
    case 'MeasurementCorrected':
    case 'MeasurementWithdrawn':
      return summarizeService(event);
    // closings (issue 16)
    case 'PeriodClosed':
      return `année ${event.data.year} close à la position ${event.data.position} (empreinte ${event.data.headHash}) — motif : ${event.data.reason}`;
    case 'PeriodReopened':
      return `année ${event.data.year} rouverte — motif : ${event.data.reason}`;
    case 'ClosingPolicySet':
      return `après une clôture : ${CLOSING_POLICY_LABEL[event.data.policy]}`;
    // the fiche action (issue 14)
    case 'ActionSheetSet':
      return summarizeSheet(event.data, names);
    // scenarios (issue 16): hypothetical, never in the books
    case 'ScenarioDrafted':
      return `scénario ${event.data.scenarioId} « ${event.data.title} » sur la position ${event.data.basePosition}${event.data.copiedFrom ? `, copie de ${event.data.copiedFrom}` : ''} (${event.data.facts.length} hypothèse(s))`;
    case 'ScenarioEdited':
      return `scénario ${event.data.scenarioId} renommé « ${event.data.title} »`;
    case 'ScenarioFactAdded':
      return `scénario ${event.data.scenarioId} : hypothèse ${event.data.factId} (${event.data.fact.kind})`;
    case 'ScenarioFactRemoved':
      return `scénario ${event.data.scenarioId} : hypothèse ${event.data.factId} retirée — motif : ${event.data.reason}`;
    case 'ScenarioArchived':
      return `scénario ${event.data.scenarioId} archivé — motif : ${event.data.reason}`;
    default: {
      const never: never = event;
      return String((never as { type: string }).type);
    }
  }
}

