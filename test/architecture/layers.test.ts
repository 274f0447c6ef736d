// The floors of the code, bottom to top, each importing only its own floor and those below:
//   0 src/domain, src/messages   the event catalogue, deciders, money, actors, the French catalogue
//   1 src/store, src/auth        the log stores and the token store
//   2 src/read-model             the live projection, its immutable versions, the snapshot codec
//   3 src/reports, projections/  totals, budget, funding plan, checks, history: functions of one version
//   4 src/exports, exports/      the workbooks, fed by a read source
//     src/import                 reading and mapping imported spreadsheets (beside the workbooks)
//   5 src/app                    command handling, read sources, the composition root
//   6 src/api, src/demo          the HTTP API and pages' server, the demo scenario
//   7 src/cli                    the command line
// (projections/ and exports/ at the top level are the entry points the design card names: they
// only re-export their floor.) This test reads every import of those folders and fails on one that
// climbs.
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
  ['src/read-model', 2],
  ['src/reports', 3],
  ['projections', 3],
  ['src/exports', 4],
  ['exports', 4],
  ['src/import', 4],
  ['src/app', 5],
  ['src/api', 6],
  ['src/demo', 6],
  ['src/cli', 7],
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
  assert.equal(climbingImports(join(ROOT, 'src/read-model/x.ts'), "export { budgetOf } from '../reports/budget.ts';").length, 1);
  assert.equal(climbingImports(join(ROOT, 'projections/x.ts'), "export { readSource } from '../src/exports/read-source.ts';").length, 1);
});

test('no file imports a floor above its own', () => {
  const files = ['src', 'projections', 'exports'].flatMap((dir) => sources(join(ROOT, dir)));
  assert.ok(files.length > 100, `read ${files.length} files`);
  const climbing = files.flatMap((file) => climbingImports(file, readFileSync(file, 'utf8')));
  assert.equal(climbing, []);
});

// The pages are served as they are from web/: a browser module can reach nothing else. The server
// may import a plain module of web/js (words both sides share, e.g. web/js/kind-labels.js).
function webModules(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...webModules(path));
    else if (name.endsWith('.js')) out.push(path);
  }
  return out;
}

test('the browser modules import only each other', () => {
  const web = join(ROOT, 'web');
  const files = webModules(join(web, 'js'));
  assert.ok(files.length > 10, `read ${files.length} files`);
  const outside = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/g)]
      .map((m) => m[1]!)
      .filter((target) => !target.startsWith('.') || relative(web, resolve(dirname(file), target)).startsWith('..'))
      .map((target) => `${relative(ROOT, file)} imports ${target}`),
  );
  assert.equal(outside, []);
});

test.run();
