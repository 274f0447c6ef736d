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
    const plan = planFor(Object.keys(record));
    out.push('{');
    let first = true;
    for (let i = 0; i < plan.sorted.length; i++) {
      const item = record[plan.sorted[i]!];
      if (item === undefined || typeof item === 'symbol') continue;
      // A string member is written as one piece with its key: fewer pieces to join.
      const key = first ? plan.firstPrefix[i] : plan.nextPrefix[i];
      if (key === undefined) throw new Error('a key with a lone surrogate cannot be canonicalized');
      first = false;
      if (typeof item === 'string') out.push(key + quoted(item));
      else {
        out.push(key);
        write(item, out, path);
      }
    }
    out.push('}');
  }
  path.pop();
}

/** How to write an object with these keys: the keys sorted, each with its quoted `"key":` prefix. */
interface KeyPlan {
  keys: string[];
  sorted: string[];
  /**
   * `"key":` for the first member written, `,"key":` for the others; undefined for a key with a
   * lone surrogate, refused only if a member is written under it (as the generic writer does).
   */
  firstPrefix: (string | undefined)[];
  nextPrefix: (string | undefined)[];
}

// The objects of our events come from a few shapes, each with its keys in the same order every
// time: the sorted order and the quoted keys are worked out once per shape and found again by the
// first key (the whole key list is compared, so a different shape only replaces the entry). Bounded,
// so objects used as maps with arbitrary keys cannot grow it without end.
const plans = new Map<string, KeyPlan>();
const MAX_PLANS = 512;

function planFor(keys: string[]): KeyPlan {
  const cacheKey = keys.length === 0 ? '' : keys[0]!;
  const cached = plans.get(cacheKey);
  if (cached !== undefined && sameKeys(cached.keys, keys)) return cached;
  const sorted = isSorted(keys) ? keys : [...keys].sort();
  const quotedKeys = sorted.map((key) => (LONE_SURROGATE.test(key) ? undefined : quoted(key) + ':'));
  const plan = { keys, sorted, firstPrefix: quotedKeys, nextPrefix: quotedKeys.map((key) => (key === undefined ? undefined : ',' + key)) };
  if (plans.size >= MAX_PLANS && cached === undefined) plans.clear();
  plans.set(cacheKey, plan);
  return plan;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Most of our objects are built with their keys already in order: no need to sort those. */
function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
