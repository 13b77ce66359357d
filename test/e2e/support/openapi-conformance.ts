import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { expect } from 'vitest';
import { OPENAPI_PATH } from '../../../lib/openapi';
import { ROUTE_RESPONSES, routeKey } from '../../../lib/route-responses';
import { API_ROUTES } from '../../../lib/routes';
import { matchPath } from '../../../local/server';

interface DocumentedResponse {
  content: { 'application/json': { schema: { allOf?: [unknown, { properties: { error: { properties: { code: { enum: string[] } } } } }] } } };
}

/** The checked-in document (docs/openapi.json), as clients of the API read it. */
const paths = (JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>> })
  .paths;

/** Where a new answer of a route is documented, so the failure says what to do. */
const FIX = '(declare it in lib/route-responses.ts, then npm run docs:openapi)';

/**
 * Holds an answer of the local API to docs/openapi.json: an API route may answer only a status its
 * operation documents, an error only with one of that status's codes, and a success only with the
 * documented body. Requests to local-only or unknown paths are not the document's business.
 */
export function expectDocumentedAnswer(method: string, url: string, status: number, body: unknown): void {
  const pathname = new URL(url, 'http://localhost').pathname;
  const route = API_ROUTES.find((candidate) => candidate.method === method && matchPath(candidate.path, pathname) !== undefined);
  if (!route) return;
  const where = `${method} ${pathname} answered ${status} ${JSON.stringify(body)}`;
  const documented = paths[route.path][method.toLowerCase()].responses[String(status)];
  expect(documented, `${where}: a status docs/openapi.json documents ${FIX}`).toBeDefined();
  const { success } = ROUTE_RESPONSES[routeKey(route)];
  if (status === success.status) {
    const parsed = v.safeParse(success.body, body);
    expect(parsed.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) ?? [], `${where}: the documented body ${FIX}`).toEqual([]);
  } else {
    const codes = documented.content['application/json'].schema.allOf?.[1].properties.error.properties.code.enum;
    expect(codes, `${where}: a code docs/openapi.json documents for ${status} ${FIX}`).toContain(
      (body as { error?: { code?: string } } | undefined)?.error?.code,
    );
  }
}
