// `socle log import` is all or nothing (issue [limits]): a file refused at any line, for any reason,
// leaves the store exactly as it was (the same export byte for byte, the same head), and the one
// French line on stderr names the first bad line and why. Files with a recomputed hash chain are
// checked against the domain's rules, so a valid chain is not enough to get anything in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chainHash } from '../../src/store/hash-chain.ts';
import type { RecordedEvent } from '../../src/store/port.ts';
import { lastLine, socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-import-');
const demo = join(work, 'demo');
const target = join(work, 'target');
/** The target store already holds the first PREFIX events of the demo log: imports continue it. */
const PREFIX = 100;

let all: RecordedEvent[] = [];
let files = 0;

function exportOf(dir: string): string {
  const file = join(work, `export-${files++}.jsonl`);
  const r = socle(['log', 'export', '--out', file, '--data', dir]);
  assert.is(r.status, 0, r.stderr);
  return readFileSync(file, 'utf8');
}

function write(events: RecordedEvent[], ending = '\n'): string {
  const file = join(work, `file-${files++}.jsonl`);
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + ending);
  return file;
}

/** Recomputes the hash chain from index `from`, as someone forging a file would. */
function rechain(events: RecordedEvent[], from = 0): RecordedEvent[] {
  let previous = from === 0 ? '0'.repeat(64) : events[from - 1]!.hash;
  return events.map((event, i) => {
    if (i < from) return event;
    const { hash: _, ...content } = event;
    previous = chainHash(previous, content);
    return { ...event, hash: previous };
  });
}

/** A new event at the end of `events`, in its stream's next version, with the chain recomputed. */
function appended(events: RecordedEvent[], stream: string, type: string, data: object, schemaVersion = 1): RecordedEvent[] {
  const last = events.at(-1)!;
  const streamVersion = events.filter((e) => e.stream === stream).length + 1;
  const event = { position: last.position + 1, id: `forged-${files}`, stream, streamVersion, type, schemaVersion, data, metadata: last.metadata, recordedAt: last.recordedAt, hash: '' };
  return rechain([...events, event], events.length);
}

/** The events after the target's prefix: what each case imports. File line n holds position PREFIX + n. */
const rest = (events: RecordedEvent[]) => events.slice(PREFIX);

let before = '';

test('set-up: the demo log, and a store holding its first 100 events', () => {
  assert.is(socle(['demo', '--data', demo, '--out', join(work, 'out')]).status, 0);
  all = exportOf(demo).trim().split('\n').map((l) => JSON.parse(l) as RecordedEvent);
  assert.ok(all.length > PREFIX + 1000, `the demo has more than ${PREFIX + 1000} events (${all.length})`);
  const r = socle(['log', 'import', write(all.slice(0, PREFIX)), '--data', target]);
  assert.is(r.status, 0, r.stderr);
  assert.is(lastLine(r.stdout), `${PREFIX} ${all[PREFIX - 1]!.hash}`);
  before = exportOf(target);
});

/** Imports `file` into the target, expects a refusal naming `line` and `why`, and an untouched store. */
function refused(file: string, line: number, why: RegExp): void {
  const r = socle(['log', 'import', file, '--data', target]);
  assert.is.not(r.status, 0, 'refused');
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  assert.match(lines[0]!, new RegExp(`ligne ${line} : `));
  assert.match(lines[0]!, why);
  assert.is(exportOf(target), before, 'the store holds exactly the same events');
  assert.is(lastLine(socle(['verify', '--data', target]).stdout), `ok ${PREFIX} ${all[PREFIX - 1]!.hash}`);
}

// Line 1050 of the file is position 1150: past the first batch of 1,000 written.
const DEEP = 1050;

test('an event id used twice, deep in the file', () => {
  const events = rest(all);
  events[DEEP - 1] = { ...events[DEEP - 1]!, id: events[5]!.id };
  refused(write(events), DEEP, /l'identifiant d'événement .* est déjà dans le journal/);
});

test('an event id already in the store', () => {
  const events = rest(all);
  events[DEEP - 1] = { ...events[DEEP - 1]!, id: all[0]!.id };
  refused(write(events), DEEP, /déjà dans le journal/);
});

test('a wrong stream version', () => {
  const events = rest(all);
  events[DEEP - 1] = { ...events[DEEP - 1]!, streamVersion: events[DEEP - 1]!.streamVersion + 1 };
  refused(write(events), DEEP, /version \d+ du flux .*, la version attendue est \d+/);
});

test('a recordedAt that is not an ISO 8601 instant', () => {
  const events = rest(all);
  events[DEEP - 1] = { ...events[DEEP - 1]!, recordedAt: '2024-13-01T00:00:00.000Z' };
  refused(write(events), DEEP, /recordedAt .* n'est pas un instant ISO 8601/);
});

test('a position out of place, and a broken hash chain', () => {
  const events = rest(all);
  refused(write(events.slice(1)), 1, /position 102, le journal continue à la position 101/);
  events[DEEP - 1] = { ...events[DEEP - 1]!, metadata: { actor: 'someone else', role: 'coordinator' } };
  refused(write(events), DEEP, /l'empreinte ne suit pas la chaîne à la position 1150/);
});

test('a last line without its newline, and a last line cut short', () => {
  const events = rest(all);
  refused(write(events, ''), events.length, /dernière ligne incomplète/);
  const file = write(events);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, text.length - 40) + '\n');
  refused(file, events.length, /pas un objet JSON complet/);
});

test('a contribution for an unknown programme, with a recomputed chain', () => {
  const events = rest(all);
  const i = events.findIndex((e, n) => n >= DEEP - 1 && e.type === 'ContributionRecorded');
  events[i] = { ...events[i]!, data: { ...(events[i]!.data as object), programmeId: 'nowhere' } };
  refused(write(rechain(all.slice(0, PREFIX).concat(events), PREFIX + i).slice(PREFIX)), i + 1, /ContributionRecorded refusé par les règles du domaine : programme inconnu : nowhere/);
});

test('a validation of an unknown contribution, and a validation after a withdrawal', () => {
  const ghost = appended(all, 'contribution-ghost', 'ContributionValidated', { programmeId: 'rafcom', contributionId: 'ghost' });
  refused(write(rest(ghost)), ghost.length - PREFIX, /contribution inconnue dans le programme \S+ : ghost/);
  const withdrawn = all.findLast((e) => e.type === 'ContributionWithdrawn')!;
  const { programmeId, contributionId } = withdrawn.data as { programmeId: string; contributionId: string };
  const late = appended(all, withdrawn.stream, 'ContributionValidated', { programmeId, contributionId });
  refused(write(rest(late)), late.length - PREFIX, /ContributionValidated refusé par les règles du domaine : .* retirée : plus rien ne peut suivre/);
});

test('a rate id set twice, with other content or the same', () => {
  const rate = all.find((e) => e.type === 'ValuationRateSet')!;
  const other = appended(all, rate.stream, 'ValuationRateSet', { ...(rate.data as object), amount: '99.00' });
  refused(write(rest(other)), other.length - PREFIX, /existe déjà avec un autre contenu/);
  const same = appended(all, rate.stream, 'ValuationRateSet', rate.data as object);
  refused(write(rest(same)), same.length - PREFIX, /répète un fait déjà enregistré/);
});

test('a fiche action repeated, for an unknown action, or with a step outside the programme (issue 14)', () => {
  const sheet = all.find((e) => e.type === 'ActionSheetSet')!;
  const data = sheet.data as { programmeId: string; actionId: string; sheet: object };
  const same = appended(all, sheet.stream, 'ActionSheetSet', data);
  refused(write(rest(same)), same.length - PREFIX, /ActionSheetSet répète un fait déjà enregistré/);
  const ghost = appended(all, sheet.stream, 'ActionSheetSet', { ...data, actionId: 'a99' });
  refused(write(rest(ghost)), ghost.length - PREFIX, /ActionSheetSet refusé par les règles du domaine : action inconnue dans le programme rafcom : a99/);
  const late = appended(all, sheet.stream, 'ActionSheetSet', { ...data, sheet: { calendar: [{ label: 'Bilan', startsOn: '2027-01-01', endsOn: '2027-03-31' }] } });
  refused(write(rest(late)), late.length - PREFIX, /l’étape « Bilan » sort de la période du programme \(du 2023-01-01 au 2026-12-31\)/);
});

test('an unknown event type, an unknown schema version, data that breaks its schema, an event in the wrong stream', () => {
  const data = { programmeId: 'rafcom', contributionId: 'x' };
  const unknown = appended(all, 'contribution-x', 'ContributionTeleported', data);
  refused(write(rest(unknown)), unknown.length - PREFIX, /type d'événement inconnu de cette version de Socle : ContributionTeleported v1/);
  const future = appended(all, 'programme-rafcom', 'AxisDefined', { programmeId: 'rafcom', axisId: 'new', title: 'Nouvel axe' }, 2);
  refused(write(rest(future)), future.length - PREFIX, /AxisDefined v2/);
  const partner = all.find((e) => e.type === 'PartnerJoined')!;
  const breach = appended(all, partner.stream, 'PartnerJoined', { ...(partner.data as object), partnerId: 'new', category: 'martien' });
  refused(write(rest(breach)), breach.length - PREFIX, /PartnerJoined ne suit pas son schéma : category/);
  const stray = appended(all, 'programme-elsewhere', 'AxisDefined', { programmeId: 'rafcom', axisId: 'new', title: 'Nouvel axe' });
  refused(write(rest(stray)), stray.length - PREFIX, /dans le flux programme-elsewhere, ses identifiants le placent dans programme-rafcom/);
});

test('the rest of the log, whole, continues the store: the same head and figures as the demo', () => {
  const r = socle(['log', 'import', write(rest(all)), '--data', target]);
  assert.is(r.status, 0, r.stderr);
  assert.is(lastLine(r.stdout), `${all.length} ${all.at(-1)!.hash}`);
  assert.match(r.stderr, new RegExp(`${all.length - PREFIX} événements importés`));
  assert.is(exportOf(target), exportOf(demo));
});

test.run();
