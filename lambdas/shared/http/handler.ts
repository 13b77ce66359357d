import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as v from 'valibot';
import type { BusinessMetrics } from '../../ports/business-metrics';
import type { UserCheck } from '../../identity/signed-in-user-check';
import type { CallerContext } from '../../ports/identity-provider';
import type { SignedInUser } from '../../ports/signed-in-users';
import { requireOriginEnv } from '../config';
import { AppError, ForbiddenError } from '../errors';
import { logger } from '../logger';
import { NO_FIELDS } from '../schemas';
import { type Caller, parseJsonBody, requestParameters, requireGroup, requireSignedIn, validateAll } from './request';
import { jsonResponse, toErrorResponse } from './responses';

/** What a route's business function learns about the request besides its validated input. */
export interface RequestContext extends CallerContext {
  /** API Gateway request id: the correlation id in every log line and in the response header. */
  readonly requestId: string;
}

/** On admin routes: the verified caller, already checked to be in the required group. */
export interface AdminRequestContext extends RequestContext {
  readonly caller: Caller;
}

/** On `user` routes: the verified caller and the user the in-code check found them to be. */
export interface UserRequestContext extends RequestContext {
  readonly caller: Caller;
  readonly user: SignedInUser;
}

export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

interface RouteBase<I, P> {
  /** The route's name (lib/routes.ts routeName) for logs, e.g. "post-admins". */
  readonly name: string;
  /** Schema of the JSON body; unknown fields are rejected by the schemas themselves. */
  readonly input: v.GenericSchema<unknown, I>;
  /** Schema of the path and query parameters together (e.g. `userId`, `cursor`); none allowed without it. */
  readonly params?: v.GenericSchema<unknown, P>;
  /** The business metrics the route's flows count in: flushed once per invocation, whatever the outcome. */
  readonly metrics?: Pick<BusinessMetrics, 'flush'>;
}

/** No path or query parameters. */
type NoParams = Record<never, never>;

/** A route anyone may call (API Gateway throttling and the flow's own limits protect it). */
export interface PublicRoute<I, P = NoParams> extends RouteBase<I, P> {
  readonly run: (input: I & P, request: RequestContext) => Promise<RouteResult>;
}

/**
 * Whether a caller whose ID token is valid and in the group may still act now: an ID token stays
 * valid for up to an hour after its admin was deactivated, so group routes ask the database too.
 */
export type CallerCheck = (caller: Caller) => Promise<boolean>;

/** A route only members of `requiredGroup` may call, and only while `callerCheck` says so. */
export interface GroupRoute<I, P = NoParams> extends RouteBase<I, P> {
  readonly requiredGroup: string;
  readonly callerCheck: CallerCheck;
  readonly run: (input: I & P, request: AdminRequestContext) => Promise<RouteResult>;
}

/** A route any signed-in user of ours may call for themselves, while `userCheck` finds them (access kind `user`). */
export interface UserRoute<I, P = NoParams> extends RouteBase<I, P> {
  readonly userCheck: UserCheck;
  readonly run: (input: I & P, request: UserRequestContext) => Promise<RouteResult>;
}

type AnyRoute<I, P> = PublicRoute<I, P> | GroupRoute<I, P> | UserRoute<I, P>;

export type ApiHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** The caller's IP, user agent and the API host/path they called, from the proxy event. */
function requestContext(event: APIGatewayProxyEvent, requestId: string): RequestContext {
  const userAgent = event.requestContext?.identity?.userAgent ?? undefined;
  return {
    requestId,
    sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
    serverName: event.requestContext?.domainName ?? event.headers?.Host ?? event.headers?.host ?? 'unknown',
    serverPath: event.requestContext?.path ?? event.path ?? '/',
    ...(userAgent ? { userAgent } : {}),
  };
}

/**
 * Builds an API Gateway proxy handler around one route: authorize (group check), parse and
 * validate the body, run the flow, and map its result or typed error to JSON. Every request logs
 * its correlation id and outcome; no request body or secret is ever logged.
 */
export function httpRoute<I, P = NoParams>(route: GroupRoute<I, P>): ApiHandler;
export function httpRoute<I, P = NoParams>(route: UserRoute<I, P>): ApiHandler;
export function httpRoute<I, P = NoParams>(route: PublicRoute<I, P>): ApiHandler;
export function httpRoute<I, P>(route: AnyRoute<I, P>): ApiHandler {
  // Read once at cold start: the single origin allowed to read responses (the configured frontend).
  const allowedOrigin = requireOriginEnv('FRONTEND_ORIGIN');
  return async (event, context) => {
    const started = Date.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    if (context) logger.addContext(context);
    logger.appendKeys({ correlation_id: requestId, route: route.name });

    let response: APIGatewayProxyResult;
    try {
      const result = await authorizedRun(route, event, requestContext(event, requestId));
      response = jsonResponse(result.status, result.body, allowedOrigin);
    } catch (error) {
      response = toErrorResponse(error, allowedOrigin);
      if (response.statusCode >= 500) {
        logger.error('request failed', { error: error as Error });
      } else {
        logger.info('request rejected', { errorCode: error instanceof AppError ? error.code : undefined });
      }
    }
    response.headers = { ...response.headers, 'X-Correlation-Id': requestId };
    logger.info('request completed', { status: response.statusCode, durationMs: Date.now() - started });
    route.metrics?.flush();
    return response;
  };
}

/**
 * Authorizes the caller as the route's access kind asks, validates the input and runs the route.
 * Authorization comes before parsing, so callers without access learn nothing about the input; the
 * in-code check after validation, so malformed requests cost no read, and before the flow, so a
 * refused caller changes nothing.
 */
async function authorizedRun<I, P>(route: AnyRoute<I, P>, event: APIGatewayProxyEvent, request: RequestContext): Promise<RouteResult> {
  if ('requiredGroup' in route) {
    const caller = requireGroup(event, route.requiredGroup);
    const input = validated(route, event);
    if (!(await route.callerCheck(caller))) throw new ForbiddenError('This admin account is deactivated.');
    return route.run(input, { ...request, caller });
  }
  if ('userCheck' in route) {
    const caller = requireSignedIn(event);
    const input = validated(route, event);
    const user = await route.userCheck(caller);
    if (!user) throw new ForbiddenError('This account may not use this route.');
    return route.run(input, { ...request, caller, user });
  }
  return route.run(validated(route, event), request);
}

/** The body and the path/query parameters, each checked against its schema, as one input. */
function validated<I, P>(route: RouteBase<I, P>, event: APIGatewayProxyEvent): I & P {
  const params = requestParameters(event);
  const [body, checkedParams] = validateAll([
    [route.input, parseJsonBody(event), '(body)'],
    [route.params ?? NO_FIELDS, params, '(parameters)'],
  ]);
  return { ...(body as I), ...(checkedParams as P) };
}
