/**
 * The API's OpenAPI 3.1 document, generated from the route table (`lib/routes.ts`: method, path,
 * access, body and parameter schemas), the valibot schemas themselves, what each route answers
 * (`lib/route-responses.ts`), the error hierarchy's statuses and API Gateway's own answers
 * (`lib/gateway-responses.ts`). `npm run docs:openapi` writes it to docs/openapi.json; the local
 * API serves it at GET /openapi.json.
 */
import * as path from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import {
  type AppError,
  InvalidCredentialsError,
  InvalidJsonError,
  InvalidPasswordError,
  InvalidRecoveryTokenError,
  RecoveryCodeRefusedError,
  InvalidUserStateError,
  LastActiveAdminError,
  PayloadTooLargeError,
  RecentSignInRequiredError,
  SelfActionError,
  TooManyRequestsError,
  UserAlreadyExistsError,
  UserNotFoundError,
  ValidationError,
  DependencyUnavailableError,
  ForbiddenError,
} from '../lambdas/shared/errors';
import { GATEWAY_RESPONSES } from './gateway-responses';
import { ROUTE_RESPONSES, type RouteErrorCode, type RouteResponses, routeKey } from './route-responses';
import { API_ROUTES, type ApiRoute, camelCase, pathParameterNames } from './routes';

type Json = Record<string, unknown>;

/** The error classes' HTTP statuses, read from the hierarchy itself (its one mapping to HTTP). */
const ROUTE_ERRORS: Readonly<Record<RouteErrorCode, AppError>> = {
  INVALID_PASSWORD: new InvalidPasswordError(),
  INVALID_RECOVERY_TOKEN: new InvalidRecoveryTokenError(),
  RECOVERY_CODE_REFUSED: new RecoveryCodeRefusedError(),
  INVALID_CREDENTIALS: new InvalidCredentialsError(),
  USER_NOT_FOUND: new UserNotFoundError(),
  USER_ALREADY_EXISTS: new UserAlreadyExistsError(),
  CANNOT_DEACTIVATE_SELF: new SelfActionError('CANNOT_DEACTIVATE_SELF', ''),
  CANNOT_RESET_OWN_MFA: new SelfActionError('CANNOT_RESET_OWN_MFA', ''),
  CANNOT_REACTIVATE_SELF: new SelfActionError('CANNOT_REACTIVATE_SELF', ''),
  LAST_ACTIVE_ADMIN: new LastActiveAdminError(),
  RECENT_SIGN_IN_REQUIRED: new RecentSignInRequiredError(),
  INVALID_USER_STATE: new InvalidUserStateError(''),
  TOO_MANY_REQUESTS: new TooManyRequestsError(),
  SERVICE_UNAVAILABLE: new DependencyUnavailableError('any'),
};

/** One answer an operation may give: status, error code and when. */
interface ErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly when: string;
}

const answer = (error: AppError, when: string): ErrorAnswer => ({ status: error.status, code: error.code, when });
const gateway = (type: keyof typeof GATEWAY_RESPONSES, when: string, status?: number): ErrorAnswer => {
  const response = GATEWAY_RESPONSES[type];
  const resolved = status ?? response.status;
  if (resolved === undefined) throw new Error(`gateway response ${type} keeps API Gateway's status: name it`);
  return { status: resolved, code: response.code, when };
};

/** What every route may answer: the handler's input checks, API Gateway's limits, and failures nobody planned. */
const EVERY_ROUTE: readonly ErrorAnswer[] = [
  answer(new InvalidJsonError(), 'The body is not a JSON object.'),
  answer(
    new ValidationError([]),
    'A field or parameter is missing, of the wrong type, malformed, too long or unknown; `details` names the fields, never their values. API Gateway refuses a structurally wrong body with the same code and no `details`.',
  ),
  answer(new PayloadTooLargeError(0), 'The body is over 16 KiB.'),
  gateway('DEFAULT_4XX', "The request is over API Gateway's 10 MB payload limit.", 413),
  gateway('THROTTLED', 'API Gateway throttled the caller.'),
  gateway('DEFAULT_4XX', "AWS WAF blocked the request: one of AWS's managed rule sets matched.", 403),
  { status: 500, code: 'INTERNAL_ERROR', when: 'A bug: the log has the details under the correlation id.' },
  gateway('DEFAULT_5XX', 'API Gateway stopped waiting after 29 s; the function still finishes (and compensates).', 504),
];

/** What every admin route may answer besides: the Cognito authorizer and the in-code admin check. */
const EVERY_ADMIN_ROUTE: readonly ErrorAnswer[] = [
  gateway('UNAUTHORIZED', 'No valid Cognito ID token of this pool in `Authorization` (API Gateway), or the token is not an ID token (the handler).'),
  answer(
    new ForbiddenError(),
    'Signed in, but not in the `admins` group; or an admin who was deactivated (or is unknown to the database) while their ID token is still valid.',
  ),
];

/** What every `user` route may answer besides: the Cognito authorizer and the in-code user check. */
const EVERY_USER_ROUTE: readonly ErrorAnswer[] = [
  gateway('UNAUTHORIZED', 'No valid Cognito ID token of this pool in `Authorization` (API Gateway), or the token is not an ID token (the handler).'),
  answer(
    new ForbiddenError(),
    "The token's `custom:userId` names no user of ours, names one whose Cognito user is another incarnation (another `sub`), or a deactivated admin.",
  ),
];

/** What every public route may answer besides: the per-IP rate rule WAF adds to them (lib/constructs/api-firewall.ts). */
const EVERY_PUBLIC_ROUTE: readonly ErrorAnswer[] = [
  gateway('DEFAULT_4XX', 'AWS WAF blocked the source IP: too many requests to this route within 5 minutes.', 403),
];

/** What a route may answer besides its own errors, by its access kind. */
const ACCESS_ERRORS: Readonly<Record<ApiRoute['access'], readonly ErrorAnswer[]>> = {
  admin: EVERY_ADMIN_ROUTE,
  user: EVERY_USER_ROUTE,
  public: EVERY_PUBLIC_ROUTE,
};

const ID_TOKEN_SCHEME = 'cognitoIdToken';

/** A valibot schema as a JSON Schema for the document (`input`: what a client sends; `output`: what it receives). */
function jsonSchema(schema: v.GenericSchema, typeMode: 'input' | 'output'): Json {
  // Transformations (trim, lower-case, number) have no JSON Schema; the checks around them are kept.
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, { typeMode, errorMode: typeMode === 'input' ? 'ignore' : 'throw' }) as Json;
  return rest;
}

/** `post-admins` -> `postAdmins`. */
const operationId = (route: ApiRoute) => camelCase(route.name);

function parameters(route: ApiRoute, docs: RouteResponses): Json[] {
  if (!route.params) return [];
  const schema = jsonSchema(route.params, 'input') as { properties?: Record<string, Json>; required?: string[] };
  const inPath = new Set(pathParameterNames(route.path));
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: inPath.has(name) ? 'path' : 'query',
    required: inPath.has(name) || (schema.required ?? []).includes(name),
    ...(docs.parameters?.[name] && { description: docs.parameters[name] }),
    schema: property,
  }));
}

/** The route's error answers by status, a route's own reason first where it shares a code with every route. */
function errorResponses(route: ApiRoute, docs: RouteResponses): Record<string, Json> {
  const own = Object.entries(docs.errors).map(([code, when]) => answer(ROUTE_ERRORS[code as RouteErrorCode], when as string));
  const all = [...own, ...ACCESS_ERRORS[route.access], ...EVERY_ROUTE];
  const byStatus = new Map<number, Map<string, string[]>>();
  for (const { status, code, when } of all) {
    const codes = byStatus.get(status) ?? new Map<string, string[]>();
    codes.set(code, [...(codes.get(code) ?? []), when]);
    byStatus.set(status, codes);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: [...codes.entries()].map(([code, whens]) => `\`${code}\`: ${whens.join(' Or: ')}`).join('\n\n'),
          headers: { 'X-Correlation-Id': { $ref: '#/components/headers/XCorrelationId' } },
          content: {
            'application/json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Error' },
                  { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: [...codes.keys()] } } } } },
                ],
              },
            },
          },
        },
      ]),
  );
}

function operation(route: ApiRoute): Json {
  const docs = ROUTE_RESPONSES[routeKey(route)];
  if (!docs) throw new Error(`lib/route-responses.ts has no entry for ${routeKey(route)}`);
  const params = parameters(route, docs);
  return {
    operationId: operationId(route),
    tags: [route.path.split('/')[1]],
    summary: docs.summary,
    security: route.access === 'public' ? [] : [{ [ID_TOKEN_SCHEME]: [] }],
    ...(params.length > 0 && { parameters: params }),
    ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }),
    responses: {
      [String(docs.success.status)]: {
        description: docs.success.description,
        headers: { 'X-Correlation-Id': { $ref: '#/components/headers/XCorrelationId' } },
        content: { 'application/json': { schema: jsonSchema(docs.success.body, 'output') } },
      },
      ...errorResponses(route, docs),
    },
  };
}

/** The OpenAPI 3.1 document of `routes` (by default the API's). */
export function openApiDocument(routes: readonly ApiRoute[] = API_ROUTES): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Account lifecycle API',
      version: '1',
      description: [
        'Admin provisioning, admin operations, saved recovery codes and self-serve MFA recovery on Amazon Cognito.',
        'Bodies are JSON objects; unknown fields are refused. Every response is JSON with `Cache-Control: no-store` and an `X-Correlation-Id`.',
        'Errors are `{ "error": { "code", "message", "details"? } }` and never hold a stack trace.',
        "An unknown path or method gets API Gateway's `403` with code `BAD_REQUEST`.",
        'Generated from lib/routes.ts by `npm run docs:openapi`.',
      ].join(' '),
    },
    servers: [
      {
        url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/v1',
        description: "The stack's API Gateway stage (the `ApiUrl` output).",
        variables: { restApiId: { default: 'your-api-id' }, region: { default: 'us-east-1' } },
      },
      { url: 'http://127.0.0.1:3000', description: 'The local API (`npm start`).' },
    ],
    tags: [...new Set(routes.map((route) => route.path.split('/')[1]))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        [ID_TOKEN_SCHEME]: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            "The Cognito user pool ID token, as is (no `Bearer` prefix). API Gateway's Cognito authorizer verifies it; on admin routes the handler also checks it is an ID token in `admins` and that the admin is still active, on `/me/...` routes that it names a user of ours (this `sub`) who is not a deactivated admin.",
          'x-amazon-apigateway-authtype': 'cognito_user_pools',
        },
      },
      headers: {
        XCorrelationId: { description: 'The API Gateway request id, also in every log line of the request.', schema: { type: 'string' } },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          additionalProperties: false,
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              additionalProperties: false,
              properties: {
                code: { type: 'string', description: 'Stable and machine-readable.' },
                message: { type: 'string', description: 'Safe to show; never an internal message.' },
                details: {
                  type: 'array',
                  description: 'For `VALIDATION_FAILED` from the handler: which fields are wrong (never their values).',
                  items: {
                    type: 'object',
                    required: ['field', 'message'],
                    additionalProperties: false,
                    properties: { field: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** Where the document is checked in. */
export const OPENAPI_PATH = path.join(__dirname, '..', 'docs', 'openapi.json');

/** The document as the checked-in file holds it. */
export function openApiJson(routes: readonly ApiRoute[] = API_ROUTES): string {
  return `${JSON.stringify(openApiDocument(routes), null, 2)}\n`;
}
