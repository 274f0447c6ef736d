// The one table of the HTTP routes: for each, its method and path, who may call it, the zod schemas
// of its path, query and body (the very ones the route is parsed with), its answer's shape, every
// status it can answer, and its handler (routes/). From it: the express routes (route-builder.ts:
// the role check and the parsing happen there, never in a handler), the OpenAPI document
// (openapi.ts), the 405 with `Allow` for a method a known path does not take (app.ts), and the
// fast path's accept-list (fast-record.ts). test/api/openapi-conformance.test.ts calls every entry
// and checks the answers are as written; test/api/route-table.test.ts that the app has no other route.
// Written in three parts (table/), in this order, which is the OpenAPI document's.
import { PROGRAMME_ROUTES } from './table/programme-table.ts';
import { SERVICE_ROUTES } from './table/service-table.ts';
import { REVIEW_ROUTES } from './table/review-table.ts';
import type { Operation } from './route-entry.ts';

export { ALL_ROLES, type Operation } from './route-entry.ts';
export { XLSX_TYPE, ZIP_TYPE } from './media-types.ts';

export const OPERATIONS: readonly Operation[] = [...PROGRAMME_ROUTES, ...SERVICE_ROUTES, ...REVIEW_ROUTES];

/** Each path template as a regular expression (express matches paths case-insensitively, a trailing slash allowed). */
const MATCHERS: { pattern: RegExp; methods: Set<string> }[] = [];
for (const op of OPERATIONS) {
  const source = `^${op.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}/?$`;
  let matcher = MATCHERS.find((m) => m.pattern.source === new RegExp(source, 'i').source);
  if (!matcher) MATCHERS.push((matcher = { pattern: new RegExp(source, 'i'), methods: new Set() }));
  matcher.methods.add(op.method.toUpperCase());
  if (op.method === 'get') matcher.methods.add('HEAD');
}

/** The methods a path of the table takes (`Allow`), or undefined for a path the API does not have. */
export function allowedMethods(path: string): string[] | undefined {
  const methods = new Set<string>();
  for (const m of MATCHERS) if (m.pattern.test(path)) for (const method of m.methods) methods.add(method);
  return methods.size === 0 ? undefined : [...methods];
}
