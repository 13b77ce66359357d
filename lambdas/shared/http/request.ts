import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as v from 'valibot';
import { USER_ID_ATTRIBUTE_NAME } from '../identity-settings';
import { type FieldIssue, ForbiddenError, InvalidJsonError, PayloadTooLargeError, UnauthenticatedError, ValidationError } from '../errors';

/** Bodies are a few fields; anything bigger is abuse and is refused before parsing. */
const MAX_BODY_BYTES = 16 * 1024;

/** Parses the body as a JSON object. An absent body is `{}` so the schema reports the missing fields. */
export function parseJsonBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Record<string, unknown> {
  if (event.body === null || event.body === undefined || event.body === '') return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidJsonError();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidJsonError();
  return parsed as Record<string, unknown>;
}

/** Validates `input` against `schema`, turning schema issues into a `ValidationError` that names fields, never values. */
export function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown): T {
  return validateAll([[schema, input, '(body)']])[0] as T;
}

/**
 * Validates several parts of a request (body, path and query parameters) and reports the issues
 * of all of them in one `ValidationError`. `whole` names a part in issues about it as a whole.
 */
export function validateAll(parts: readonly (readonly [schema: v.GenericSchema, input: unknown, whole: string])[]): unknown[] {
  const issues: FieldIssue[] = [];
  const values = parts.map(([schema, input, whole]) => {
    const result = v.safeParse(schema, input);
    if (result.success) return result.output;
    // A strict object's issue about a field (missing or unknown) has that field's key in its path.
    issues.push(...result.issues.map((issue) => ({ field: issue.path?.map((item) => String(item.key)).join('.') || whole, message: issue.message })));
    return undefined;
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return values;
}

/**
 * The path and query parameters as one object (API Gateway passes each as strings). A name given in
 * both is refused: the path's value must never be shadowed by the query's.
 */
export function requestParameters(
  event: Pick<APIGatewayProxyEvent, 'pathParameters' | 'queryStringParameters' | 'multiValueQueryStringParameters'>,
): Record<string, unknown> {
  const path = event.pathParameters ?? {};
  const query: Record<string, unknown> = { ...(event.queryStringParameters ?? {}) };
  // A repeated query parameter is ambiguous: refuse it rather than pick one.
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if ((values?.length ?? 0) > 1) query[name] = values;
  }
  const shadowed = Object.keys(query).filter((name) => name in path);
  if (shadowed.length > 0) throw new ValidationError(shadowed.map((field) => ({ field, message: 'is a path parameter; it cannot be given in the query' })));
  return { ...query, ...path };
}

/** The ID-token claim carrying our user id (custom attributes are in the ID token). */
const USER_ID_CLAIM = `custom:${USER_ID_ATTRIBUTE_NAME}`;

/** Who called an authenticated route, as asserted by the Cognito authorizer's verified ID-token claims. */
export interface Caller {
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
  /** Our user id, from the `custom:userId` claim (absent for a Cognito user we did not create). */
  readonly userId?: string;
  /** When the caller signed in (ISO-8601), from the `auth_time` claim (seconds since the epoch). */
  readonly authTime?: string;
}

/**
 * Reads the caller from the authorizer claims and insists on membership of `group`. API Gateway's
 * Cognito authorizer already rejected bad tokens; this is the in-code second check, so a
 * misconfigured route can never expose an admin action to any signed-in user.
 */
export function requireGroup(event: Pick<APIGatewayProxyEvent, 'requestContext'>, group: string): Caller {
  const caller = requireSignedIn(event);
  if (!caller.groups.includes(group)) throw new ForbiddenError();
  return caller;
}

/**
 * Reads the caller from the authorizer claims: a verified ID token (API Gateway's Cognito
 * authorizer rejected bad ones; an access token or no claims is refused again here).
 */
export function requireSignedIn(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Caller {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = typeof claims?.sub === 'string' ? claims.sub : undefined;
  if (!claims || !sub || claims.token_use !== 'id') throw new UnauthenticatedError();
  const groups = parseGroupsClaim(claims['cognito:groups']);
  const username = typeof claims['cognito:username'] === 'string' ? claims['cognito:username'] : sub;
  const userId = claims[USER_ID_CLAIM];
  const authTime = parseEpochSeconds(claims.auth_time);
  return { sub, username, groups, ...(typeof userId === 'string' && userId !== '' && { userId }), ...(authTime && { authTime }) };
}

/** An epoch-seconds claim as ISO-8601 (REST authorizers pass it as a string, others as a number); `undefined` if it is not one. */
function parseEpochSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,11}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(seconds) && seconds > 0 && seconds < 1e11 ? new Date(seconds * 1_000).toISOString() : undefined;
}

/** REST API authorizers pass `cognito:groups` as a string ("a,b" or "[a b]"); other sources pass an array. */
function parseGroupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);
}
