// LibreOffice, headless, as a second spreadsheet program: it opens our workbooks, recalculates every
// formula and saves them again (xlsx) or prints them (pdf). A private user profile makes it
// recalculate on load (its default for xlsx is to trust the stored results, which would prove
// nothing) and keeps concurrent runs from sharing a profile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findTool } from '../support/tools.ts';

/** The LibreOffice command, or an error saying how to install it (CI installs it in .ci/run). */
export function soffice(): string {
  const found = findTool('soffice');
  if (found) return found;
  throw new Error('LibreOffice is not installed (no soffice on PATH): apt-get install libreoffice-calc-nogui — .ci/run installs it');
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
`;

/** A LibreOffice user profile that recalculates every formula on load, with French number formatting. */
export function recalculatingProfile(dir: string): string {
  const profile = join(dir, 'lo-profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  return profile;
}

/** Converts `files` to `format` into `outDir`; returns the written paths (same base names). */
export function convert(files: string[], format: 'xlsx' | 'pdf', outDir: string, profile: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const result = spawnSync(soffice(), [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', format, '--outdir', outDir, ...files], {
    encoding: 'utf8',
    timeout: 5 * 60 * 1000,
  });
  const outputs = files.map((f) => join(outDir, basename(f).replace(/\.xlsx$/, `.${format}`)));
  const missing = outputs.filter((o) => !existsSync(o));
  if (result.status !== 0 || missing.length > 0)
    throw new Error(`soffice --convert-to ${format} failed (status ${result.status}): ${missing.join(', ')}\n${result.stdout}\n${result.stderr}`);
  return outputs;
}
