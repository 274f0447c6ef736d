// `socle demo [--out DIR]`: loads the demo ledger of the two seed networks (idempotently: a second
// run writes nothing, and says nothing about loading), prints each programme's totals in French
// (partners by name, euros and shares in French format) and writes every workbook into DIR, leaving
// a workbook alone, byte for byte, when the file already holds it at the same position and hash.
import { Socle } from '../../app/socle.ts';
import { signLedgerHead } from '../../app/checkpoint-signer.ts';
import { loadScenario } from '../../demo/load.ts';
import { demoScenario } from '../../demo/scenario.ts';
import { loadOrientations, ORIENTATIONS_YEAR } from '../../demo/orientations.ts';
import { compareScenarios } from '../../app/scenarios.ts';
import { comparisonInWords } from './scenarios.ts';
import { ACTE3 } from '../../demo/setup.ts';
import { DEMO_FORMS } from '../../demo/forms.ts';
import type { TotalsDocument } from '../../reports/totals-document.ts';
import type { LedgerState } from '../../read-model/ledger.ts';
import { unvaluedReasonFr } from '../../reports/funding-checks.ts';
import { dataDirOf, parseCommandArgs, provenanceOptions, type CliContext } from '../context.ts';
import { demoMessages as say } from '../messages.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { out: { type: 'string' }, key: { type: 'string' } });
  const dataDir = dataDirOf(values, context);
  const outDir = values.out ?? './out';
  const socle = await Socle.open({ dataDir });
  try {
    const scenario = demoScenario();
    // Only a first load (an empty ledger) is worth a progress report.
    const first = (await socle.store.head()).position === 0;
    if (first) console.error(say.loading(dataDir, scenario.lives.length));
    const report = await loadScenario(socle.commands, scenario, first ? (done, total) => console.error(say.progress(done, total)) : undefined);
    // Acte 3's three orientations as what-if scenarios (issue 16), drawn on the ledger just loaded.
    await socle.caughtUpTo((await socle.store.head()).position);
    report.eventsWritten += await loadOrientations(socle);
    const loaded = await socle.store.head();
    // The demo's workbooks are stamped by a signed checkpoint of the loaded ledger (none again on a
    // second run: the log already ends with one).
    const signed = await signLedgerHead(socle.store, socle.merkle, dataDir, values.key);
    const head = await socle.store.head();
    await socle.caughtUpTo(head.position);
    console.log(report.eventsWritten === 0 && !signed?.written ? say.alreadyLoaded(head.position, head.hash) : say.wrote(report.eventsWritten, loaded.position, loaded.hash));
    if (signed) console.log(`point de contrôle signé : position ${signed.checkpoint.position}, racine de Merkle ${signed.checkpoint.merkleRoot} (événement ${signed.eventPosition})`);
    const { writeAllWorkbooks } = await import('../../exports/write-all.ts');
    const state = (await socle.ledgerAt()).state;
    for (const programmeId of scenario.programmeIds) {
      printTotals(state, await socle.totals(programmeId, { status: 'actual', include: 'active' }));
      printTotals(state, await socle.totals(programmeId, { status: 'planned', include: 'active' }));
      if (programmeId === ACTE3) console.log(comparisonInWords(await compareScenarios(socle, ACTE3, { status: 'planned', year: ORIENTATIONS_YEAR })).join('\n'));
      const more = DEMO_FORMS[programmeId] ?? [];
      const workbooks = await writeAllWorkbooks(await socle.readSource(), { programmeId, outDir, unlessCurrent: true, more }, provenanceOptions(dataDir));
      for (const { path, written } of workbooks) console.log(written ? say.workbookWritten(path) : say.workbookCurrent(path));
    }
    return 0;
  } finally {
    await socle.close();
  }
}

function printTotals(state: LedgerState, doc: TotalsDocument): void {
  const programme = state.programmes.get(doc.programmeId)!;
  const partnerName = (id: string) => programme.partners.get(id)?.name ?? id;
  console.log(say.totalsHeading(programme.name, doc.filters.status, doc.total));
  const width = Math.max(...doc.byPartner.map((p) => partnerName(p.partnerId).length));
  for (const p of doc.byPartner) console.log(say.partnerLine(partnerName(p.partnerId), width, p.total, p.share));
  const example = doc.unvalued[0];
  if (example) console.log(say.unvalued(doc.unvalued.length, partnerName(example.partnerId), unvaluedReasonFr(example.reason)));
}
