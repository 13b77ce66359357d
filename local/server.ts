import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { JsonSchema } from 'aws-cdk-lib/aws-apigateway';
import type { ApiHandler } from '../lambdas/shared/http/handler';
import { GATEWAY_RESPONSE_HEADERS, GATEWAY_RESPONSES, type GatewayResponseType } from '../lib/gateway-responses';
import type { RouteAccess } from '../lib/routes';
import type { Authorizer, AuthorizerClaims } from './authorizer';
import { type LocalRequest, lambdaContext, toProxyEvent } from './proxy-event';
import { passesEdgeValidation } from './request-validation';
import type { SiteHandler } from './web-app';

/** One route the local server answers, with the handler module's `handler`. */
export interface ServedRoute {
  readonly method: string;
  readonly path: string;
  /** Used as the Lambda function name in log lines. */
  readonly name: string;
  readonly access: RouteAccess;
  readonly handler: ApiHandler;
  /** The route's request model (registered as `$default`), checked before the handler as API Gateway does. */
  readonly bodyModel?: JsonSchema;
}

export interface LocalApiServerOptions {
  readonly routes: readonly ServedRoute[];
  /** Checks the `Authorization` header of admin routes, as the stack's Cognito authorizer does. */
  readonly authorizer: Authorizer;
  /** Runs after every response is sent (prints the emails the request sent). */
  readonly afterRequest: () => Promise<void>;
  /** The CORS origin on API Gateway's own answers (401, 400 body, unknown route), as the stack's gateway responses have it. */
  readonly frontendOrigin: string;
  /** Serves what is not an API route (the web app on the same origin), before the routes are looked at. */
  readonly site?: SiteHandler;
  readonly log: (line: string) => void;
}

/** API Gateway's payload limit; the handlers enforce their own, much smaller one. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** A nominal remaining time for the Lambda context (the handlers never read it; lib/function-timeouts.ts sets the real ones). */
export const FUNCTION_TIMEOUT_MS = 10_000;

/** One of API Gateway's own answers, as the stack's gateway responses shape it. */
function gatewayResponse(type: GatewayResponseType, origin: string, status?: number): APIGatewayProxyResult {
  const { code, message, status: typeStatus } = GATEWAY_RESPONSES[type];
  return {
    statusCode: status ?? typeStatus ?? 500,
    headers: {
      'Content-Type': 'application/json',
      ...GATEWAY_RESPONSE_HEADERS,
      'Access-Control-Allow-Origin': origin,
      'X-Correlation-Id': randomUUID(),
    },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/**
 * An HTTP server playing API Gateway for the given routes: each request becomes the REST proxy
 * event the route's Lambda would get and is answered with what the handler returns. Before the
 * handler, as API Gateway: an unknown route gets 403, admin routes need a valid ID token in
 * `Authorization` (401), and the body must match the route's model (400).
 */
export function createLocalApiServer(options: LocalApiServerOptions): Server {
  return createServer(localApiRequestListener(options));
}

/** The request handling of `createLocalApiServer`, for a server that was listening before the routes were known. */
export function localApiRequestListener(options: LocalApiServerOptions): RequestListener {
  return (req, res) => {
    const started = Date.now();
    handle(options, req)
      .catch((error: unknown) => {
        options.log(`local API error: ${(error as Error).stack ?? String(error)}`);
        return gatewayResponse('DEFAULT_5XX', options.frontendOrigin, 502);
      })
      .then((result) => {
        send(res, result);
        // The path only: a query could hold anything, and the app never puts a secret in one.
        options.log(`${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname} -> ${result.statusCode} (${Date.now() - started} ms)`);
        // After the response: the client never waits for the console.
        options.afterRequest().catch((error: unknown) => options.log(`reading the outbox failed: ${(error as Error).message}`));
      });
  };
}

async function handle(options: LocalApiServerOptions, req: IncomingMessage): Promise<APIGatewayProxyResult> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const served = await options.site?.(req, url);
  if (served) return served;
  const matched = options.routes
    .filter((candidate) => candidate.method === req.method)
    .map((candidate) => ({ route: candidate, pathParameters: matchPath(candidate.path, url.pathname) }))
    .find((candidate) => candidate.pathParameters !== undefined);
  // API Gateway's "Missing Authentication Token" for unknown resources and methods.
  if (!matched) return gatewayResponse('DEFAULT_4XX', options.frontendOrigin, 403);
  const { route, pathParameters } = matched;

  const body = await readBody(req);
  if (body === undefined) return gatewayResponse('DEFAULT_4XX', options.frontendOrigin, 413);

  let claims: AuthorizerClaims | undefined;
  if (route.access !== 'public') {
    claims = await options.authorizer(req.headers.authorization);
    if (!claims) return gatewayResponse('UNAUTHORIZED', options.frontendOrigin);
  }
  if (route.bodyModel && !passesEdgeValidation(route.bodyModel, body)) {
    return gatewayResponse('BAD_REQUEST_BODY', options.frontendOrigin);
  }

  const request: LocalRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    pathParameters: pathParameters as Record<string, string>,
  };
  return route.handler(toProxyEvent(request, route.path, claims), lambdaContext(route.name, FUNCTION_TIMEOUT_MS));
}

/**
 * The path parameters when `pathname` matches the route's `template` (`{name}` matches one non-empty
 * segment, URL-decoded as API Gateway passes it), else `undefined`.
 */
export function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(pathname);
  if (!match) return undefined;
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
  } catch {
    return undefined;
  }
}

/** The body as UTF-8 text, or `undefined` when it is over the limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, result: APIGatewayProxyResult): void {
  res.statusCode = result.statusCode;
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) res.setHeader(name, values.map(String));
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}
