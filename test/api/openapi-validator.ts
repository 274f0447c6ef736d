// Holds real answers to the OpenAPI document the server publishes (GET /api/openapi.json): for an
// answer to METHOD PATH, the operation must exist, list the status, and describe the content type,
// and the body must validate (ajv, JSON Schema 2020-12, with formats: date, date-time). Returns the
// mismatches in words, so a test can show them all at once.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Answer } from './helpers.ts';

// ajv and ajv-formats are CommonJS with a `default` export: required, then typed by hand.
const require = createRequire(import.meta.url);
type AjvInstance = { compile(schema: object): ValidateFunction; addSchema(schema: object, key: string): void };
const Ajv2020 = require('ajv/dist/2020').default as new (options: object) => AjvInstance;
const addFormats = require('ajv-formats').default as (ajv: AjvInstance) => void;

type Json = Record<string, any>;

export interface DocumentedOperation {
  method: string;
  /** The template, e.g. /api/programmes/{p}/contributions/{c}. */
  path: string;
  operation: Json;
  matcher: RegExp;
}

export class OpenApiValidator {
  readonly operations: DocumentedOperation[] = [];
  private readonly ajv: AjvInstance;
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor(readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'socle-openapi', components: document.components }, 'socle-openapi');
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      const matcher = new RegExp(`^${path.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item)) this.operations.push({ method, path, operation, matcher });
    }
  }

  /** The operation serving METHOD on a concrete path (query string ignored). */
  find(method: string, concretePath: string): DocumentedOperation | undefined {
    const path = concretePath.split('?')[0]!;
    return this.operations.find((o) => o.method === method.toLowerCase() && o.matcher.test(path));
  }

  validator(schema: Json): ValidateFunction {
    let validate: ValidateFunction | undefined = this.compiled.get(schema);
    if (validate === undefined) {
      // $ref to #/components/… resolves against the document itself.
      const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"socle-openapi#/components/'));
      validate = this.ajv.compile(resolved);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** Every way this answer departs from the document; empty when it conforms. */
  mismatches(method: string, concretePath: string, answer: Answer): string[] {
    const where = `${method} ${concretePath} → ${answer.status}`;
    const op = this.find(method, concretePath);
    if (!op) return [`${where}: no operation in the document`];
    const response = op.operation.responses?.[String(answer.status)] as Json | undefined;
    if (!response) return [`${where}: status not documented (documented: ${Object.keys(op.operation.responses).join(', ')})`];
    const mediaType = answer.contentType.split(';')[0]!.trim();
    const content = response.content as Record<string, Json> | undefined;
    if (!content) return answer.text === '' ? [] : [`${where}: a body where none is documented`];
    const described = content[mediaType];
    if (!described) return [`${where}: content type ${mediaType} not documented (${Object.keys(content).join(', ')})`];
    if (!mediaType.endsWith('json')) return [];
    const validate = this.validator(described.schema);
    if (validate(answer.json)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
