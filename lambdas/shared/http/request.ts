import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { ForbiddenError, InvalidJsonError, PayloadTooLargeError, UnauthenticatedError, ValidationError } from '../errors';

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
export function validate<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? (issue.keys ?? []).join(',') : '(body)',
      message: issue.message,
    })),
  );
}

/** Who called an admin route, as asserted by the Cognito authorizer's verified ID-token claims. */
export interface Caller {
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
}

/**
 * Reads the caller from the authorizer claims and insists on membership of `group`. API Gateway's
 * Cognito authorizer already rejected bad tokens; this is the in-code second check, so a
 * misconfigured route can never expose an admin action to any signed-in user.
 */
export function requireGroup(event: Pick<APIGatewayProxyEvent, 'requestContext'>, group: string): Caller {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = typeof claims?.sub === 'string' ? claims.sub : undefined;
  if (!claims || !sub || claims.token_use !== 'id') throw new UnauthenticatedError();
  const groups = parseGroupsClaim(claims['cognito:groups']);
  if (!groups.includes(group)) throw new ForbiddenError();
  const username = typeof claims['cognito:username'] === 'string' ? claims['cognito:username'] : sub;
  return { sub, username, groups };
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
