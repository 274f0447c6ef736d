// A small streaming XML tokenizer, enough for an OpenDocument content.xml (ods.ts): start and end
// tags with their attributes, and text, from chunks of text as they are inflated. It keeps only the
// unfinished tail of a chunk, so memory holds one tag or one run of text, never the document.
// Comments, processing instructions, CDATA and the doctype are skipped (content.xml has none that
// carry cells). It checks nothing of the document's shape: the reader above it does what it needs.

export type XmlToken =
  | { kind: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

/** Bounds one tag or one run of text: content.xml never has one this long unless it is not XML. */
export const MAX_XML_TOKEN_CHARS = 1024 * 1024;

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** The tokens of each chunk together: one await per chunk, not one per token (a cell is a dozen). */
export async function* xmlTokens(chunks: AsyncIterable<string>): AsyncIterable<XmlToken[]> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    const { tokens, rest } = tokenize(pending);
    pending = rest;
    if (pending.length > MAX_XML_TOKEN_CHARS) throw new XmlSyntaxError('un élément XML démesuré');
    if (tokens.length > 0) yield tokens;
  }
  if (pending.trim() !== '') throw new XmlSyntaxError('le XML s’arrête au milieu d’un élément');
}

/** The whole tokens of `text`, and the unfinished tail to carry to the next chunk. */
function tokenize(text: string): { tokens: XmlToken[]; rest: string } {
  const tokens: XmlToken[] = [];
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    if (lt === -1) {
      // Text may go on in the next chunk; an entity may be cut in two: keep it whole for later.
      return { tokens, rest: text.slice(at) };
    }
    if (lt > at) tokens.push({ kind: 'text', text: decodeEntities(text.slice(at, lt)) });
    const end = markupEnd(text, lt);
    if (end === -1) return { tokens, rest: text.slice(lt) };
    const token = markupToken(text.slice(lt, end + 1));
    if (token) tokens.push(token);
    at = end + 1;
  }
  return { tokens, rest: '' };
}

/** Where the markup starting at `lt` ends (its '>'), or -1 when it goes on in the next chunk. */
function markupEnd(text: string, lt: number): number {
  for (const [open, close] of [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>']] as const) {
    if (text.startsWith(open, lt)) {
      const found = text.indexOf(close, lt + open.length);
      return found === -1 ? -1 : found + close.length - 1;
    }
    // A chunk that ends inside the opener itself: wait for more.
    if (open.startsWith(text.slice(lt, lt + open.length)) && text.length - lt < open.length) return -1;
  }
  // A tag: '>' may stand inside a quoted attribute value, so skip over quotes.
  let quote: string | undefined;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function markupToken(markup: string): XmlToken | undefined {
  if (markup.startsWith('<!') || markup.startsWith('<?')) return undefined;
  if (markup.startsWith('</')) return { kind: 'close', name: markup.slice(2, -1).trim() };
  const selfClosing = markup.endsWith('/>');
  const body = markup.slice(1, selfClosing ? -2 : -1);
  const nameEnd = body.search(/[\s]/);
  const name = nameEnd === -1 ? body : body.slice(0, nameEnd);
  if (name === '') throw new XmlSyntaxError('une balise XML sans nom');
  const attributes: Record<string, string> = {};
  if (nameEnd !== -1) {
    for (const match of body.slice(nameEnd).matchAll(ATTRIBUTE)) attributes[match[1]!] = decodeEntities(match[2] ?? match[3] ?? '');
  }
  return { kind: 'open', name, attributes, selfClosing };
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return codePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return codePoint(parseInt(name.slice(1), 10), whole);
    return NAMED_ENTITIES[name] ?? whole;
  });
}

function codePoint(value: number, whole: string): string {
  return Number.isSafeInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : whole;
}
