import * as z from 'zod/mini';

/**
 * Field schemas shared by every route. Bodies are strict objects: unknown fields are refused, so a
 * typo in a client is a clear 400 rather than a silently ignored value.
 */

/** An email address, trimmed and lower-cased (the user pool is case-insensitive; so is our email index). */
export const emailField = z.pipe(
  z.string({ error: 'must be a string' }).check(z.trim(), z.toLowerCase()),
  z.string().check(
    z.minLength(3, { error: 'is required' }),
    z.maxLength(254, { error: 'must be at most 254 characters' }),
    z.email({ error: 'must be a valid email address' }),
  ),
);

/** A password as typed: not trimmed (spaces are legal), bounded to stop abuse; policy is Cognito's job. */
export const passwordField = z.string({ error: 'must be a string' }).check(
  z.minLength(1, { error: 'is required' }),
  z.maxLength(256, { error: 'must be at most 256 characters' }),
);

/** Our user ids are UUIDs (the `custom:userId` attribute); anything else cannot name a user. */
export const userIdField = z.string({ error: 'must be a string' }).check(
  z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'must be a user id (a UUID)' }),
);

/** An opaque page cursor, as a previous page returned it (base64url). Its content is checked by the adapter. */
export const cursorField = z.optional(
  z.string({ error: 'must be a string' }).check(
    z.regex(/^[A-Za-z0-9_-]{1,1024}$/, { error: 'must be a cursor returned by a previous page' }),
  ),
);

/** Page size, as a query-string parameter: 1 to `max`; `fallback` when absent. */
export function pageLimitField(max: number, fallback: number) {
  return z.pipe(
    z.optional(z.string({ error: 'must be a string' }).check(z.regex(/^[1-9]\d{0,2}$/, { error: `must be a whole number from 1 to ${max}` }))),
    z.transform((value: string | undefined) => (value === undefined ? fallback : Number(value))),
  ).check(z.refine((value) => value <= max, { error: `must be a whole number from 1 to ${max}` }));
}

/** The body of routes that take none (GET, and actions named by their path): only an empty object, or nothing. */
export const NO_BODY = z.strictObject({});
