// The OpenAPI 3.1 description of the HTTP API, assembled from the route table (route-table.ts) and
// generated from the very zod schemas the routes parse with (z.toJSONSchema), so the description
// cannot drift from what the server accepts. Where a zod check has no JSON Schema form (a refine),
// the pattern below says the same rule: real dates, bounded decimals, text without control
// characters. test/api/openapi-conformance.test.ts and openapi-property.test.ts hold it to the answers.
import { z } from 'zod';
import { AMOUNT_LIMIT_EUR, QUANTITY_LIMIT, RATE_LIMIT_EUR, type DecimalLimit } from '../domain/limits.ts';
import { DateSchema, MAX_NAME_LENGTH, NameSchema, TextSchema } from '../domain/schemas.ts';
import { ProblemAnswer } from './answer-schemas.ts';
import { PROBLEM_STATUSES } from '../messages/fr.ts';
import { ALL_ROLES, OPERATIONS, XLSX_TYPE, ZIP_TYPE, type Operation } from './route-table.ts';
import { limitedSchemas } from './schemas.ts';
import { servicePatterns } from './service-openapi.ts';

type JsonSchema = Record<string, unknown>;

/** A real date from 1900 to 2200 (isCalendarDate); `format: date` adds the days of each month. */
const DATE_PATTERN = '^(?:19\\d\\d|2[01]\\d\\d|2200)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])$';
// The characters forbiddenCharacter (domain/schemas.ts) refuses, as a class; lone surrogates
// cannot travel in JSON text that a validator reads, and parseRequest refuses them first.
const LINE_FORBIDDEN = '\\x00-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF';
const TEXT_FORBIDDEN = '\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF';
/** One line, not blank once trimmed (NameSchema trims, then needs one character). */
const NAME_PATTERN = `^[^${LINE_FORBIDDEN}]*[^\\s${LINE_FORBIDDEN}][^${LINE_FORBIDDEN}]*$`;
const TEXT_PATTERN = `^[^${TEXT_FORBIDDEN}]*$`;

/**
 * A strictly positive decimal within `limit`, without leading zeros (DECIMAL_PATTERN), as a
 * pattern: 1 up to (not including) the maximum, a positive fraction of 0, or the maximum itself.
 * The maxima are powers of ten (limits.ts).
 */
export function limitPattern(limit: DecimalLimit): string {
  if (!/^10*$/.test(limit.max)) throw new Error(`limitPattern needs a power of ten, not ${limit.max}`);
  const integerDigits = limit.max.length - 1;
  const d = limit.decimals;
  const fraction = `(?:\\.\\d{1,${d}})?`;
  const fractions = Array.from({ length: d }, (_, zeros) => `0\\.${'0'.repeat(zeros)}[1-9]${zeros + 1 < d ? `\\d{0,${d - zeros - 1}}` : ''}`);
  return `^(?:[1-9]\\d{0,${integerDigits - 1}}${fraction}|${fractions.join('|')}|${limit.max}(?:\\.0{1,${d}})?)$`;
}

const LIMIT_PATTERNS = new Map<z.ZodType, string>(
  ([
    [QUANTITY_LIMIT, limitedSchemas.quantity],
    [RATE_LIMIT_EUR, limitedSchemas.rate],
    [AMOUNT_LIMIT_EUR, limitedSchemas.amount],
  ] as const).map(([limit, schema]) => [schema, limitPattern(limit)] as [z.ZodType, string]).concat(servicePatterns(limitPattern)),
);

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      const s = ctx.jsonSchema as JsonSchema;
      if (ctx.zodSchema === DateSchema) Object.assign(s, { type: 'string', format: 'date', pattern: DATE_PATTERN });
      else if (ctx.zodSchema === NameSchema) Object.assign(s, { pattern: NAME_PATTERN, maxLength: MAX_NAME_LENGTH });
      else if (ctx.zodSchema === TextSchema) Object.assign(s, { pattern: TEXT_PATTERN });
      const limit = LIMIT_PATTERNS.get(ctx.zodSchema as unknown as z.ZodType);
      if (limit !== undefined) s.pattern = limit;
    },
  }) as JsonSchema;
  return rest;
}

function isOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input (nothing written); `errors` names each field (`query.year`, `path.p`, `quantity`)',
  401: 'no valid bearer token (with `WWW-Authenticate: Bearer`)',
  403: 'the role may not, or a partner outside its programme or its own contributions',
  404: 'unknown programme, contribution, action, applicant or workbook',
  409: 'stale expectedVersion, an id reused with different content, or a step after a final one',
  413: 'body larger than 64 KiB',
  415: 'body not application/json (UTF-8, not compressed)',
  429: 'too many reads in flight for this token (with `Retry-After`)',
  503: 'the server cannot answer now (with `Retry-After`): 32 as-of reads already wait for the one replay at a time, or this server has not yet read `minPosition`; or the log is damaged at a named position',
  507: 'the server’s disk is full: nothing was written, what was acknowledged before is intact',
};

function operationObject(op: Operation): JsonSchema {
  const parameters: JsonSchema[] = [];
  const pathNames = (op.path.match(/\{(\w+)\}/g) ?? []).map((n) => n.slice(1, -1));
  for (const name of pathNames) {
    const schema = op.params?.shape[name] as z.ZodType | undefined;
    if (!schema) throw new Error(`${op.path}: no schema for the path parameter ${name}`);
    parameters.push({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') });
  }
  for (const [name, schema] of Object.entries(op.query?.shape ?? {})) {
    const described = jsonSchema(schema as z.ZodType, 'input');
    const { description, ...rest } = described;
    parameters.push({ name, in: 'query', required: !isOptional(schema as z.ZodType), ...(description !== undefined && { description }), schema: rest });
  }
  // Every GET behind a token takes minPosition (min-position.ts: read-your-writes across servers).
  if (op.method === 'get' && op.roles)
    parameters.push({
      name: 'minPosition',
      in: 'query',
      required: false,
      description: 'wait (at most 2 s) until this server has read this position, e.g. the X-Socle-Position of your write; else 503',
      schema: { type: 'string', pattern: '^\\d{1,15}$' },
    });
  const responses: JsonSchema = {
    [op.status]:
      op.response === 'xlsx'
        ? {
            description: 'the workbook, with its position and head hash in X-Socle-Position and X-Socle-Head-Hash',
            content: { [XLSX_TYPE]: { schema: { type: 'string', contentMediaType: XLSX_TYPE } } },
          }
        : op.response === 'zip'
          ? {
              description: 'the zip, with its position and head hash in X-Socle-Position and X-Socle-Head-Hash (and in its manifeste.json)',
              content: { [ZIP_TYPE]: { schema: { type: 'string', contentMediaType: ZIP_TYPE } } },
            }
          : { description: 'success', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } },
  };
  for (const status of [...new Set(op.errors)].sort()) {
    if (!PROBLEM_STATUSES.includes(status)) throw new Error(`${op.path}: status ${status} has no title`);
    responses[status] = problemResponse(ERROR_DESCRIPTIONS[status] ?? 'error');
  }
  const who = op.roles ? `Roles: ${op.roles.length === ALL_ROLES.length ? 'every role' : op.roles.join(', ')}.` : 'No token needed.';
  return {
    operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, '_$1').replace(/[^A-Za-z0-9_]+/g, '_')}`,
    summary: op.summary,
    description: who,
    security: op.roles ? [{ bearer: [] }] : [],
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }),
    ...(op.upload && {
      requestBody: {
        required: true,
        description: 'the file, at most 50 MiB: .xlsx, or .csv (UTF-8 or Windows-1252, ; or ,)',
        content: Object.fromEntries(['text/csv', XLSX_TYPE, 'application/octet-stream'].map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
      },
    }),
    responses,
  };
}

let cached: JsonSchema | undefined;

export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, JsonSchema> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Socle HTTP API',
      version: '0.1.0',
      description:
        'Event-sourced contribution ledger. Amounts, rates and quantities are decimal strings; dates are YYYY-MM-DD. ' +
        'Every error is application/problem+json, with a French title and detail. Unknown fields and query parameters are refused (400). ' +
        'A method a path does not take is a 405 with Allow; an unknown path a 404.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `socle token create`' } },
      schemas: { Problem: jsonSchema(ProblemAnswer, 'output') },
    },
    paths,
  };
  return cached;
}
