// fast-check arbitraries from the JSON Schemas of the OpenAPI document: values the document says are
// valid (`valid`), and the same with one thing broken (`broken`: a required field left out, an
// unknown field, a wrong type, a string outside its pattern). Only the keywords our document uses.
import fc from 'fast-check';

type Schema = Record<string, any>;

/** Values of a schema's own vocabulary worth reaching often: the ids the test ledger holds. */
export interface Hints {
  /** By property or parameter name: values to pick among, most of the time. */
  byName: Record<string, readonly string[]>;
}

function dateArbitrary(): fc.Arbitrary<string> {
  return fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom('2024-03-01', '2024-06-15', '2023-01-01') }, { weight: 1, arbitrary: dateArbitrary() });
  const length = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(length);
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) });
}

/** A value the schema accepts. `name` is the property it is for (hints). */
export function valid(schema: Schema, hints: Hints, name?: string): fc.Arbitrary<unknown> {
  const hinted = name !== undefined ? hints.byName[name] : undefined;
  const own = validOwn(schema, hints);
  return hinted ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: own }) : own;
}

function validOwn(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...schema.anyOf.map((s: Schema) => valid(s, hints)));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(schema.items ?? {}, hints), { maxLength: 3 });
    case 'object':
      return objectArbitrary(schema, hints);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function objectArbitrary(schema: Schema, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set<string>(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) record[key] = valid(property, hints, key);
  return fc.record(record, { requiredKeys: [...required].filter((k) => k in properties) });
}

/** Something that is not a string of this schema: another type, or a string outside its pattern, enum or date. */
function wrongValue(schema: Schema): fc.Arbitrary<unknown> {
  const wrongTypes: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.integer(), fc.constant([]), fc.constant({})];
  if (schema.type !== 'boolean') wrongTypes.push(fc.boolean());
  if (schema.type === 'string' || Array.isArray(schema.enum))
    wrongTypes.push(fc.constantFrom('', ' ', 'zz zz', '1e3', '-1', '2024-02-30', '12,5', '\u0007', 'x'.repeat(300)));
  return fc.oneof(...wrongTypes);
}

/** The body with exactly one thing broken, in a way the document itself refuses. */
export function broken(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  const properties = Object.keys(schema.properties ?? {});
  const required: string[] = schema.required ?? [];
  const ways: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(null, [], 'text', 42),
    valid(schema, hints).map((v) => ({ ...(v as object), unknownField: 'x' })),
  ];
  if (required.length > 0)
    ways.push(fc.tuple(valid(schema, hints), fc.constantFrom(...required)).map(([v, key]) => Object.fromEntries(Object.entries(v as object).filter(([k]) => k !== key))));
  if (properties.length > 0)
    ways.push(
      fc
        .tuple(valid(schema, hints), fc.constantFrom(...properties))
        .chain(([v, key]) => wrongValue(schema.properties[key]).map((bad) => ({ ...(v as object), [key]: bad }))),
    );
  return fc.oneof(...ways);
}

/** A query value (text) outside the parameter's schema. */
export function brokenParameter(schema: Schema): fc.Arbitrary<string> {
  return fc.constantFrom('', 'zz', '-1', '1.5', '0', '99999999999999999', '2024-02-30', 'true1', '%', '\u0007');
}
