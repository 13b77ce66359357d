import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { compileErrors, validate } from '@readme/openapi-parser';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { loadHandler } from '../../../bench/handlers';
import { lambdaContext, SCENARIOS } from '../../../bench/scenarios';
import { installReplies } from '../../../bench/sdk-mocks';
import { OPENAPI_PATH, openApiDocument, openApiJson } from '../../../lib/openapi';
import { ROUTE_RESPONSES, routeKey } from '../../../lib/route-responses';
import { API_ROUTES, type ApiRoute, pathParameterNames, queryParameterNames } from '../../../lib/routes';
import { type LocalRouteDeps, localRoutes } from '../../../local/local-routes';
import { expectDocumentedAnswer } from '../../e2e/support/openapi-conformance';
import { MATRIX } from '../fault-matrix/matrix';

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: unknown;
  responses: Record<
    string,
    { content: { 'application/json': { schema: { allOf?: [unknown, { properties: { error: { properties: { code: { enum: string[] } } } } }] } } } }
  >;
}

const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operationOf = (route: ApiRoute) => document.paths[route.path][route.method.toLowerCase()];
/** The codes an operation documents for `status`. */
const documentedCodes = (operation: Operation, status: number) =>
  operation.responses[String(status)]?.content['application/json'].schema.allOf?.[1].properties.error.properties.code.enum ?? [];

describe('docs/openapi.json', () => {
  it('is the generated document (regenerate with `npm run docs:openapi`)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(openApiJson());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('would fail validation if a path parameter went undeclared (the validator is not vacuous)', async () => {
    const broken = JSON.parse(openApiJson());
    delete broken.paths['/admins/{userId}/deactivate'].post.parameters;
    const result = await validate(broken);
    expect(result.valid).toBe(false);
  });

  it('has exactly the routes of lib/routes.ts, and lib/route-responses.ts describes exactly those', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(API_ROUTES.map(routeKey).sort());
    expect(Object.keys(ROUTE_RESPONSES).sort()).toEqual(API_ROUTES.map(routeKey).sort());
  });

  it.each(API_ROUTES.map((route) => [routeKey(route), route] as const))('%s: access, parameters and body as the route table declares them', (_key, route) => {
    const operation = operationOf(route);
    expect(operation.security).toEqual(route.access === 'public' ? [] : [{ cognitoIdToken: [] }]);
    const parameters = operation.parameters ?? [];
    expect(parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParameterNames(route.path));
    expect(parameters.filter((p) => p.in === 'path').every((p) => p.required)).toBe(true);
    expect(parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(queryParameterNames(route));
    expect(operation.requestBody !== undefined).toBe(route.body !== undefined);
    expect(documentedCodes(operation, 401).includes('UNAUTHENTICATED')).toBe(route.access !== 'public');
    expect(documentedCodes(operation, 403).includes('FORBIDDEN')).toBe(route.access !== 'public');
  });

  it('documents every answer the fault matrix proves for a route', () => {
    for (const row of MATRIX) {
      const operationId = row.flow.split(' ')[0];
      const route = API_ROUTES.find((candidate) => operationOf(candidate).operationId === operationId);
      if (!route) throw new Error(`no route for the matrix flow ${row.flow}`);
      const docs = ROUTE_RESPONSES[routeKey(route)];
      if (row.status < 400) {
        expect(row.status, `${row.flow}: ${row.step} ${row.fault}`).toBe(docs.success.status);
      } else {
        expect(documentedCodes(operationOf(route), row.status), `${row.flow}: ${row.step} ${row.fault} (declare it in lib/route-responses.ts)`).toContain(
          row.code,
        );
      }
    }
  });

  // The handlers build their bodies without a schema: each one's happy path (the bench scenarios,
  // every AWS call answered as the service would) must answer the documented status and body.
  it.each(API_ROUTES.map((route) => [routeKey(route), route] as const))('%s: the handler answers the documented success body', async (_key, route) => {
    const scenario = SCENARIOS[route.name];
    expect(scenario, `a bench scenario for ${route.name}`).toBeDefined();
    const handler = await loadHandler(route.name);
    installReplies(scenario.replies, async (_command, reply) => reply());
    const response = (await handler(scenario.event as never, lambdaContext(route.name))) as APIGatewayProxyResult;
    const { success } = ROUTE_RESPONSES[routeKey(route)];
    expect(response.statusCode, response.body).toBe(success.status);
    const parsed = v.safeParse(success.body, JSON.parse(response.body));
    expect(parsed.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) ?? []).toEqual([]);
  });

  it('is what the local API serves at GET /openapi.json', async () => {
    const route = localRoutes({} as LocalRouteDeps).find((candidate) => candidate.method === 'GET' && candidate.path === '/openapi.json');
    if (!route) throw new Error('the local API serves no GET /openapi.json');
    const response = await route.handler({
      httpMethod: 'GET',
      path: '/openapi.json',
      body: null,
      requestContext: { requestId: 'openapi-test' },
    } as APIGatewayProxyEvent);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
  });

  it('is what the end-to-end tests hold every answer of the local API to', () => {
    const userPath = '/admins/0b1f2c3d-1111-4222-8333-444455556666/deactivate';
    expect(() => expectDocumentedAnswer('POST', '/admins', 409, { error: { code: 'USER_ALREADY_EXISTS', message: 'm' } })).not.toThrow();
    expect(() => expectDocumentedAnswer('POST', userPath, 200, { userId: '0b1f2c3d-1111-4222-8333-444455556666', status: 'DEACTIVATED' })).not.toThrow();
    expect(() => expectDocumentedAnswer('POST', '/admins', 409, { error: { code: 'LAST_ACTIVE_ADMIN', message: 'm' } })).toThrow(/a code/);
    expect(() => expectDocumentedAnswer('POST', '/admins/resend-invite', 200, {})).toThrow(/a status/);
    expect(() => expectDocumentedAnswer('POST', userPath, 200, { userId: 'not-a-uuid', status: 'DEACTIVATED' })).toThrow(/the documented body/);
    expect(() => expectDocumentedAnswer('GET', '/_local/outbox', 200, {})).not.toThrow();
  });
});
