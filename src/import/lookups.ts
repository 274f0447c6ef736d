// Names in the sender's file → ids in the programme: partners, actions and sites are found by their
// id, by their name or title (accents, case and punctuation aside), or by the mapping file's words;
// an action also by its number ("3", "Action 3", "A3", "3 - Ateliers…").
import type { ProgrammeState } from '../domain/programme/state.ts';
import type { Mapping } from './mapping-file.ts';
import { normalizeLabel } from './values.ts';

export interface Lookups {
  partner(text: string): string | undefined;
  action(text: string): string | undefined;
  site(text: string): string | undefined;
}

function index(entries: Iterable<[id: string, names: string[]]>, own: Record<string, string> | undefined): (text: string) => string | undefined {
  const byLabel = new Map<string, string>();
  for (const [id, names] of entries) for (const name of [id, ...names]) if (!byLabel.has(normalizeLabel(name))) byLabel.set(normalizeLabel(name), id);
  const mine = new Map(Object.entries(own ?? {}).map(([word, id]) => [normalizeLabel(word), id]));
  const ids = new Set([...byLabel.values()]);
  return (text) => {
    if (ids.has(text.trim())) return text.trim();
    const label = normalizeLabel(text);
    return mine.get(label) ?? byLabel.get(label);
  };
}

export function programmeLookups(programme: ProgrammeState, mapping: Mapping): Lookups {
  const partner = index([...programme.partners.values()].map((p) => [p.partnerId, [p.name]]), mapping.values?.partner);
  const site = index([...programme.sites.values()].map((s) => [s.siteId, [s.name]]), mapping.values?.site);
  const byTitle = index([...programme.actions.values()].map((a) => [a.actionId, [a.title]]), mapping.values?.action);
  const byNumber = new Map([...programme.actions.values()].map((a) => [a.number, a.actionId]));
  return {
    partner,
    site: (text) => site(text) ?? (text.includes(',') ? site(text.slice(0, text.indexOf(','))) : undefined),
    action: (text) => {
      const found = byTitle(text);
      if (found !== undefined) return found;
      const number = /^(?:action|fiche action|a|n°|no)?\s*(\d{1,4})\b/i.exec(text.trim());
      return number ? byNumber.get(Number(number[1])) : undefined;
    },
  };
}
