// `socle dossier --programme P --applicant X [--action A] [--year Y] [--status S] [--as-of POS]
// --out FILE.zip`: every workbook the applicant files, zipped with a manifest (src/exports/dossier.ts).
// `socle dossier verify FILE.zip`: makes each file again from the ledger as of the manifest's
// position and says which differ; exit 0 when all agree, 1 otherwise.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Socle } from '../../app/socle.ts';
import { signLedgerHead } from '../../app/checkpoint-signer.ts';
import { DOSSIER_STATUSES, verifyDossier, writeDossier, type DossierRequest } from '../../exports/dossier.ts';
import { dossierMessages as say } from '../messages.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, provenanceOptions, requireLedger, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  if (args[0] === 'verify') return verify(args.slice(1), context);
  const { values } = parseCommandArgs(args, {
    programme: { type: 'string' },
    applicant: { type: 'string' },
    action: { type: 'string' },
    year: { type: 'string' },
    status: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    key: { type: 'string' },
  });
  if (!values.programme) throw new UsageError(say.needs('--programme ID'));
  if (!values.applicant) throw new UsageError(say.needs('--applicant ID'));
  if (!values.out) throw new UsageError(say.needs('--out FICHIER.zip'));
  const status = values.status;
  if (status !== undefined && !(DOSSIER_STATUSES as readonly string[]).includes(status)) throw new UsageError(say.status(status));
  const request: DossierRequest = {
    programmeId: values.programme,
    applicantId: values.applicant,
    ...(values.action !== undefined && { actionId: values.action }),
    ...(values.year !== undefined && { year: integerOption('year', values.year, 1900, 2200)! }),
    ...(status !== undefined && { status: status as DossierRequest['status'] & string }),
  };
  const asOf = integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER);
  const out = resolve(values.out);
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) throw new UsageError(say.noFolder(out));
  if (existsSync(out)) throw new UsageError(say.exists(out));
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    // A dossier of the head is stamped by a signed checkpoint of it, as a workbook is (export.ts).
    if (asOf === undefined) {
      const signed = await signLedgerHead(socle.store, socle.merkle, dataDir, values.key);
      if (signed?.written) await socle.caughtUpTo(signed.eventPosition);
    }
    const manifest = await writeDossier(await socle.readSource(asOf), request, out, provenanceOptions(dataDir));
    console.log(say.written(out, manifest.position, manifest.headHash, manifest.files.map((f) => f.name)));
    return 0;
  } finally {
    await socle.close();
  }
}

async function verify(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, 1);
  const file = positionals[0];
  if (file === undefined) throw new UsageError(say.needs('FICHIER.zip'));
  if (!existsSync(file)) throw new UsageError(say.noFile(file));
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    const check = await verifyDossier(readFileSync(file), async (position) => socle.readSource(position));
    const { manifest } = check;
    if (!check.headHashMatches) console.log(say.ledgerRewritten(manifest.position, manifest.headHash));
    for (const name of check.differing) console.log(say.differs(name));
    for (const name of check.missing) console.log(say.missing(name));
    for (const name of check.extra) console.log(say.extra(name));
    const ok = check.headHashMatches && check.differing.length === 0 && check.missing.length === 0 && check.extra.length === 0;
    console.log(ok ? say.verified(manifest.files.length, manifest.position, manifest.headHash) : say.notVerified(manifest.position));
    return ok ? 0 : 1;
  } finally {
    await socle.close();
  }
}
