// `socle demo [--out DIR]`: loads the demo ledger of the two seed networks (idempotently: a second
// run writes nothing), prints each programme's totals and writes every workbook into DIR.
import { Socle } from '../../app/socle.ts';
import { loadScenario } from '../../demo/load.ts';
import { demoScenario } from '../../demo/scenario.ts';
import type { TotalsDocument } from '../../../projections/totals.ts';
import { dataDirOf, parseCommandArgs, provenanceOptions, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { out: { type: 'string' } });
  const dataDir = dataDirOf(values, context);
  const outDir = values.out ?? './out';
  const socle = await Socle.open({ dataDir });
  try {
    const scenario = demoScenario();
    console.error(`loading the demo ledger into ${dataDir} (${scenario.lives.length} contributions)…`);
    const report = await loadScenario(socle.commands, scenario, (done, total) => console.error(`  ${done}/${total} contributions`));
    const head = await socle.store.head();
    await socle.caughtUpTo(head.position);
    console.log(
      report.eventsWritten === 0
        ? `demo ledger already loaded: nothing written (${head.position} events, head ${head.hash})`
        : `wrote ${report.eventsWritten} events (${head.position} in the ledger, head ${head.hash})`,
    );
    const { writeAllWorkbooks } = await import('../../../exports/write-all.ts');
    for (const programmeId of scenario.programmeIds) {
      printTotals(await socle.totals(programmeId, { status: 'actual', include: 'active' }));
      printTotals(await socle.totals(programmeId, { status: 'planned', include: 'active' }));
      const written = await writeAllWorkbooks(await socle.readSource(), { programmeId, outDir }, provenanceOptions(dataDir));
      for (const path of written) console.log(`  wrote ${path}`);
    }
    return 0;
  } finally {
    await socle.close();
  }
}

function printTotals(doc: TotalsDocument): void {
  const label = doc.filters.status === 'actual' ? 'réalisé' : 'prévu';
  console.log(`\n${doc.programmeId} — ${label}, toutes années — total ${euros(doc.total)}`);
  for (const p of doc.byPartner) {
    console.log(`  ${p.partnerId.padEnd(18)} ${euros(p.total).padStart(16)}  ${p.share.padStart(6)} %`);
  }
  if (doc.unvalued.length > 0) console.log(`  non valorisées : ${doc.unvalued.length} contribution(s), p. ex. ${doc.unvalued[0]!.contributionId} (${doc.unvalued[0]!.reason})`);
}

/** "12345.60" → "12 345,60 €" without going through a float. */
function euros(amount: string): string {
  const [whole, fraction] = amount.split('.');
  const negative = whole!.startsWith('-');
  const digits = negative ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '-' : ''}${grouped},${fraction} €`;
}
