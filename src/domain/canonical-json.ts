// Canonical JSON (RFC 8785, JCS): one spelling per value, so equal content compares and hashes equal.
// A writer specialised for the plain JSON data our events hold, instead of the generic
// `canonicalize` package (about a fifth of a batched append went there); that package stays the
// oracle its property test compares against, so both must give the same text for every value.
// - object keys sorted by UTF-16 code units (the default string order of Array.prototype.sort);
// - strings through JSON.stringify, whose escapes are the ones JCS prescribes; lone surrogates refused;
// - finite numbers through JSON.stringify, which is ECMAScript's Number-to-String, as JCS requires;
// - properties whose value is undefined (or a symbol) omitted, and array holes written null, as
//   JSON.stringify does; a `toJSON` method honoured, as both JSON.stringify and `canonicalize` do;
// - non-finite numbers, functions, bigints and cycles refused with an error.

export function canonicalJson(value: unknown): string {
  if (value === undefined || typeof value === 'symbol') throw new Error('value cannot be canonicalized');
  // The pieces are joined once into a flat string: concatenating with += would build a rope of
  // hundreds of nodes that the hash and SQLite then flatten, at a higher cost than the writing.
  const out: string[] = [];
  write(value, out, []);
  return out.join('');
}

function write(value: unknown, out: string[], path: object[]): void {
  switch (typeof value) {
    case 'string':
      out.push(quoted(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${value} cannot be canonicalized: only finite numbers are JSON`);
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) out.push('null');
      else writeObject(value, out, path);
      return;
    default:
      // function, bigint, and undefined or symbol where a value is required.
      throw new Error(`a ${typeof value} cannot be canonicalized`);
  }
}

// In a /u pattern a surrogate pair is one code point, so this matches only a lone surrogate.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// Characters JSON.stringify would escape, and surrogates: a string without any is written as is.
const NEEDS_CARE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

function quoted(value: string): string {
  if (!NEEDS_CARE.test(value)) return `"${value}"`;
  if (LONE_SURROGATE.test(value)) throw new Error('a string with a lone surrogate cannot be canonicalized');
  return JSON.stringify(value);
}

function writeObject(value: object, out: string[], path: object[]): void {
  // Paths are a few levels deep: a linear scan is cheaper than a Set per call.
  if (path.includes(value)) throw new Error('a value with a cycle cannot be canonicalized');
  path.push(value);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    write(toJSON.call(value), out, path);
  } else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out.push(',');
      if (item === undefined || typeof item === 'symbol') out.push('null');
      else write(item, out, path);
    }
    out.push(']');
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!isSorted(keys)) keys.sort();
    out.push('{');
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (item === undefined || typeof item === 'symbol') continue;
      out.push(first ? quoted(key) + ':' : ',' + quoted(key) + ':');
      first = false;
      write(item, out, path);
    }
    out.push('}');
  }
  path.pop();
}

/** Most of our objects are built with their keys already in order: no need to sort those. */
function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
