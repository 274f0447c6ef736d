// `npm run bench [-- --quick] [-- --only 1,2] [-- --cache DIR] [-- --report FILE]`: how fast Socle is
// and how its cost grows with the ledger, as a table anyone can reproduce (docs/benchmarks.md).
// Every figure is the median of several runs, with the smallest and largest; heavy measurements run
// in processes of their own so their peak memory is their own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine, renderMachine } from './machine.ts';
import { buildLedgers } from './ledger.ts';
import { FULL, QUICK, runSections, SECTION_NAMES, type Plan } from './sections.ts';
import { renderTable } from './table.ts';

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      cache: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const only = values.only ? new Set(values.only.split(',').map((s) => Number(s.trim()))) : undefined;
  if (only && [...only].some((s) => !(s in SECTION_NAMES))) throw new Error(`--only takes section numbers from 1 to ${Object.keys(SECTION_NAMES).length}, not "${values.only}"`);
  return { quick: values.quick!, only, cache: values.cache, report: values.report, help: values.help! };
}

const USAGE = `usage: npm run bench -- [--quick] [--only 1,2,…] [--cache DIR] [--report FILE]
  --quick    smaller ledgers and fewer runs: a couple of minutes
  --only     run only these sections: ${Object.entries(SECTION_NAMES).map(([n, s]) => `${n} ${s}`).join(', ')}
  --cache    keep the generated ledgers in DIR and reuse them next time (default: a temporary folder, removed at the end)
  --report   also write the report (Markdown) to FILE`;

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const plan: Plan = options.quick ? QUICK : FULL;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const machine = describeMachine();
  const started = performance.now();
  const workDir = options.cache ?? mkdtempSync(join(os.tmpdir(), 'socle-bench-'));
  log(`socle bench (${plan.name}): working in ${workDir}`);
  try {
    log('generating ledgers…');
    // Sections 7 (import), 8 (service hours) and 9 (PostgreSQL) build their own files and ledgers: alone, they need none of the big ones.
    const needsLedgers = !options.only || [...options.only].some((section) => section !== 7 && section !== 8 && section !== 9);
    const ledgers = needsLedgers ? await buildLedgers(workDir, plan.ledgerSizes(), 1, log) : new Map();
    const { rows, skipped, notes } = await runSections({ plan, ledgers, workDir, only: options.only, log });
    const minutes = (performance.now() - started) / 60_000;
    const report = [
      `## Socle benchmark — ${plan.name} run, ${new Date().toISOString().slice(0, 10)}`,
      '',
      renderMachine(machine),
      `- load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`,
      `- whole run: ${minutes.toFixed(1)} min; each figure is the median of the runs shown, with min and max`,
      '',
      renderTable(rows, skipped),
      ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : []),
      '',
    ].join('\n');
    process.stdout.write(report);
    if (options.report) writeFileSync(options.report, report);
    return 0;
  } finally {
    if (!options.cache) rmSync(workDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
