// The floors of the code, bottom to top, each importing only its own floor and those below:
//   0 src/domain, src/messages   the event catalogue, deciders, money, actors, the French catalogue
//   1 src/store, src/auth        the log stores and the token store
//   2 projections                the read model and the reports computed from one version of it
//   3 exports, src/import        the workbooks, fed by a read source; reading and mapping imported files
//   4 src/app                    command handling, read sources, the composition root
//   5 src/api, src/demo          the HTTP API and pages' server, the demo scenario
//   6 src/cli                    the command line
// This test reads every import of those folders and fails on one that climbs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const FLOORS: [folder: string, floor: number][] = [
  ['src/domain', 0],
  ['src/messages', 0],
  ['src/store', 1],
  ['src/auth', 1],
  ['projections', 2],
  ['exports', 3],
  ['src/import', 3],
  ['src/app', 4],
  ['src/api', 5],
  ['src/demo', 5],
  ['src/cli', 6],
];

function floorOf(path: string): [string, number] | undefined {
  const inRepo = relative(ROOT, path);
  return FLOORS.find(([folder]) => inRepo.startsWith(`${folder}/`));
}

/** Each import of `source` (a file at `path`) that names a floor above the file's own. */
export function climbingImports(path: string, source: string): string[] {
  const mine = floorOf(path);
  if (!mine) return [];
  const found: string[] = [];
  for (const match of source.matchAll(/(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(path), match[1]!);
    const theirs = floorOf(target);
    if (theirs && theirs[1] > mine[1]) found.push(`${relative(ROOT, path)} (${mine[0]}) imports ${relative(ROOT, target)} (${theirs[0]})`);
  }
  return found;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

test('the check sees a climbing import, and lets a descending one through', () => {
  const domainFile = join(ROOT, 'src/domain/example.ts');
  assert.equal(climbingImports(domainFile, "import { createApp } from '../api/app.ts';"), ['src/domain/example.ts (src/domain) imports src/api/app.ts (src/api)']);
  assert.equal(climbingImports(join(ROOT, 'src/api/example.ts'), "import type { Actor } from '../domain/actor.ts';"), []);
  assert.equal(climbingImports(join(ROOT, 'projections/x.ts'), "export { readSource } from '../exports/read-source.ts';").length, 1);
});

test('no file imports a floor above its own', () => {
  const files = ['src', 'projections', 'exports'].flatMap((dir) => sources(join(ROOT, dir)));
  assert.ok(files.length > 100, `read ${files.length} files`);
  const climbing = files.flatMap((file) => climbingImports(file, readFileSync(file, 'utf8')));
  assert.equal(climbing, []);
});

test.run();
