// A funder's dossier in one file: every workbook an applicant files for one question — its form
// (funder-form.ts: a Cerfa or a plan de financement, with the Contrôles), the fiches action it pilots,
// the tableau des contributions — computed from one read source, zipped with a manifest (position,
// head hash, the sha256 of each file, the command that makes it again). `verifyDossier` makes every
// file again from the ledger as of the manifest's position, with the manifest's generation time, and
// says which files differ from the ones in the zip: each file is checked against the manifest's
// sha256, and its content, part by part, against what the ledger gives.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import JSZip from 'jszip';
import { z } from 'zod';
import { NotFoundError, invalid } from '../domain/errors.ts';
import { requireAction, requireProgramme } from '../read-model/ledger.ts';
import { statusesOf } from '../reports/budget-scope.ts';
import { chooseForm } from '../reports/funder-form.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { exportWorkbook } from './export-workbook.ts';
import type { ReadSource } from './read-source.ts';
import { generatorVersion, shellWord, type ExportRequest } from './workbook-request.ts';

export const DOSSIER_STATUSES = ['planned', 'actual', 'both'] as const;

export interface DossierRequest {
  programmeId: string;
  applicantId: string;
  actionId?: string;
  year?: number;
  /** planned (default: a funding application), actual or both (a compte rendu). */
  status?: (typeof DOSSIER_STATUSES)[number];
}

const ManifestFile = z.strictObject({ name: z.string(), workbook: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });
export const DossierManifest = z.strictObject({
  format: z.literal('socle-dossier/1'),
  programmeId: z.string(),
  applicantId: z.string(),
  actionId: z.string().nullable(),
  year: z.number().int().nullable(),
  status: z.enum(DOSSIER_STATUSES),
  form: z.string(),
  position: z.number().int().nonnegative(),
  headHash: z.string(),
  generatedAt: z.iso.datetime(),
  generator: z.string(),
  dataDir: z.string().nullable(),
  command: z.string(),
  files: z.array(ManifestFile),
});
export type DossierManifest = z.infer<typeof DossierManifest>;

export const MANIFEST_NAME = 'manifeste.json';

interface Order {
  name: string;
  request: ExportRequest;
}

/** What the applicant files, after checking that the programme, the applicant and the action exist as of the source. */
async function ordersOf(source: ReadSource, request: DossierRequest): Promise<{ form: string; orders: Order[] }> {
  const state = await source.ledger();
  const programme = requireProgramme(state, request.programmeId);
  const applicant = programme.partners.get(request.applicantId);
  if (applicant === undefined) throw new NotFoundError(DOMAIN_FR.unknownApplicant(request.applicantId, request.programmeId));
  if (request.actionId !== undefined) requireAction(programme, request.actionId);
  const status = request.status ?? 'planned';
  const form = chooseForm(undefined, { name: applicant.name, category: applicant.category }, statusesOf(status));
  const scope = {
    programmeId: request.programmeId,
    asOf: source.position,
    ...(request.actionId !== undefined && { actionId: request.actionId }),
    ...(request.year !== undefined && { year: request.year }),
  };
  const planMode = status === 'both' ? 'consolidated' : status;
  return {
    form,
    orders: [
      { name: `formulaire-${form}.xlsx`, request: { workbook: 'budget', ...scope, applicantId: request.applicantId, status } },
      { name: 'fiches-action.xlsx', request: { workbook: 'funding-plan', ...scope, applicantId: request.applicantId, status: planMode } },
      { name: 'contributions.xlsx', request: { workbook: 'contributions', ...scope } },
    ],
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A workbook's content, whatever the zip around it: exceljs dates each part of the .xlsx with the
 * time it writes it, so the same workbook written twice differs in its zip headers only. The digest
 * of its parts (names and bytes, in name order) is what a re-made workbook must match.
 */
async function contentDigest(xlsx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(xlsx);
  const hash = createHash('sha256');
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    hash.update(`${name}\n`);
    hash.update(await entry.async('uint8array'));
  }
  return hash.digest('hex');
}

export function dossierCommand(request: DossierRequest, position: number, outFile: string, dataDir: string | null): string {
  const args = ['npx', 'socle', 'dossier', '--programme', request.programmeId, '--applicant', request.applicantId];
  if (request.actionId !== undefined) args.push('--action', request.actionId);
  if (request.year !== undefined) args.push('--year', String(request.year));
  if (request.status !== undefined) args.push('--status', request.status);
  args.push('--as-of', String(position), '--out', basename(outFile));
  if (dataDir !== null) args.push('--data', dataDir);
  return args.map(shellWord).join(' ');
}

/** The workbooks of the dossier, made in a private folder with the given generation time. */
async function makeFiles(source: ReadSource, orders: Order[], generatedAt: Date, dataDir: string | null): Promise<Map<string, Buffer>> {
  const work = mkdtempSync(join(tmpdir(), 'socle-dossier-'));
  try {
    const files = new Map<string, Buffer>();
    for (const order of orders) {
      const path = join(work, order.name);
      await exportWorkbook(source, order.request, path, { now: () => generatedAt, ...(dataDir !== null && { dataDir }) });
      files.set(order.name, readFileSync(path));
    }
    return files;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface DossierOptions {
  now?: () => Date;
  /** The data folder when not the default one (the commands printed then say --data DIR). */
  dataDir?: string;
}

/** Writes the dossier's zip atomically (a temporary file renamed into place); returns its manifest. */
export async function writeDossier(source: ReadSource, request: DossierRequest, outFile: string, options: DossierOptions = {}): Promise<DossierManifest> {
  if (request.status !== undefined && !(DOSSIER_STATUSES as readonly string[]).includes(request.status)) throw invalid('status', DOMAIN_FR.budgetStatus(request.status));
  const { form, orders } = await ordersOf(source, request);
  const generatedAt = (options.now ?? (() => new Date()))();
  // Whole seconds: the Provenance sheet prints the instant, and the manifest gives it back exactly.
  generatedAt.setUTCMilliseconds(0);
  const dataDir = options.dataDir ?? null;
  const files = await makeFiles(source, orders, generatedAt, dataDir);
  const manifest: DossierManifest = {
    format: 'socle-dossier/1',
    programmeId: request.programmeId,
    applicantId: request.applicantId,
    actionId: request.actionId ?? null,
    year: request.year ?? null,
    status: request.status ?? 'planned',
    form,
    position: source.position,
    headHash: source.headHash,
    generatedAt: generatedAt.toISOString(),
    generator: generatorVersion(),
    dataDir,
    command: dossierCommand(request, source.position, outFile, dataDir),
    files: orders.map((o) => ({ name: o.name, workbook: o.request.workbook, sha256: sha256(files.get(o.name)!), bytes: files.get(o.name)!.length })),
  };
  const zip = new JSZip();
  // A fixed date for every entry: the same dossier zips to the same bytes.
  const date = new Date(manifest.generatedAt);
  zip.file(MANIFEST_NAME, JSON.stringify(manifest, null, 2) + '\n', { date });
  for (const [name, bytes] of files) zip.file(name, bytes, { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  const temporary = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, outFile);
  } finally {
    rmSync(temporary, { force: true });
  }
  return manifest;
}

export interface DossierCheck {
  manifest: DossierManifest;
  /** The ledger still holds, at the manifest's position, the event whose hash the manifest names. */
  headHashMatches: boolean;
  /** Files whose bytes in the zip are not what the ledger gives as of the manifest's position. */
  differing: string[];
  /** Files the manifest lists that the zip lacks, or the zip holds that the manifest does not list. */
  missing: string[];
  extra: string[];
}

/** Reads a dossier's manifest; a file that is not one of our dossiers is refused in one line. */
export async function readDossier(zipBytes: Buffer): Promise<{ manifest: DossierManifest; zip: JSZip }> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch {
    throw invalid('file', DOMAIN_FR.notADossier);
  }
  const entry = zip.file(MANIFEST_NAME);
  if (entry === null) throw invalid('file', DOMAIN_FR.notADossier);
  const parsed = DossierManifest.safeParse(JSON.parse(await entry.async('string')));
  if (!parsed.success) throw invalid('file', DOMAIN_FR.notADossier);
  return { manifest: parsed.data, zip };
}

/** Makes every file again from `source` (the ledger as of the manifest's position) and compares. */
export async function verifyDossier(zipBytes: Buffer, sourceAt: (position: number) => Promise<ReadSource>): Promise<DossierCheck> {
  const { manifest, zip } = await readDossier(zipBytes);
  const source = await sourceAt(manifest.position);
  const request: DossierRequest = {
    programmeId: manifest.programmeId,
    applicantId: manifest.applicantId,
    ...(manifest.actionId !== null && { actionId: manifest.actionId }),
    ...(manifest.year !== null && { year: manifest.year }),
    status: manifest.status,
  };
  const { orders } = await ordersOf(source, request);
  const again = await makeFiles(source, orders, new Date(manifest.generatedAt), manifest.dataDir);
  const inZip = new Set(Object.keys(zip.files).filter((name) => name !== MANIFEST_NAME && !zip.files[name]!.dir));
  const differing: string[] = [];
  const missing: string[] = [];
  for (const file of manifest.files) {
    const entry = zip.file(file.name);
    if (entry === null) {
      missing.push(file.name);
      continue;
    }
    inZip.delete(file.name);
    const bytes = await entry.async('nodebuffer');
    const made = again.get(file.name);
    // The file is the one the manifest names (its bytes), and its content is what the ledger gives.
    if (made === undefined || sha256(bytes) !== file.sha256 || (await contentDigest(bytes)) !== (await contentDigest(made))) differing.push(file.name);
  }
  return { manifest, headHashMatches: source.headHash === manifest.headHash, differing, missing, extra: [...inZip] };
}
