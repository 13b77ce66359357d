import * as v from 'valibot';

/**
 * Field schemas shared by every route (valibot: about a third of zod/mini's size in each handler
 * bundle). Bodies are strict objects: unknown fields are refused, so a typo in a client is a clear
 * 400 rather than a silently ignored value.
 */

/** What a strict object says of a missing field, an unknown one, or a value that is no object. */
function objectIssueMessage(issue: v.StrictObjectIssue): string {
  if (issue.expected === 'never') return 'is not a field of this request';
  return issue.received === 'undefined' ? 'is required' : 'must be an object';
}

/** A request object (body, or path and query parameters together): exactly these fields. */
export function requestObject<const E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, objectIssueMessage);
}

/** A string field (a valibot schema is immutable, so one serves every field); every check of it runs on strings only. */
export const stringField = v.string('must be a string');

/** An email address, trimmed and lower-cased (the user pool is case-insensitive; so is our email index). */
export const emailField = v.pipe(
  stringField,
  v.trim(),
  v.toLowerCase(),
  v.minLength(3, 'is required'),
  v.maxLength(254, 'must be at most 254 characters'),
  v.email('must be a valid email address'),
);

/** A password as typed: not trimmed (spaces are legal), bounded to stop abuse; policy is Cognito's job. */
export const passwordField = v.pipe(stringField, v.minLength(1, 'is required'), v.maxLength(256, 'must be at most 256 characters'));

/** Our user ids are UUIDs (the `custom:userId` attribute); anything else cannot name a user. */
export const userIdField = v.pipe(stringField, v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a user id (a UUID)'));

/** An opaque page cursor, as a previous page returned it (base64url). Its content is checked by the adapter. */
export const cursorField = v.optional(v.pipe(stringField, v.regex(/^[A-Za-z0-9_-]{1,1024}$/, 'must be a cursor returned by a previous page')));

/** Page size, as a query-string parameter: 1 to `max`; `fallback` when absent. */
export function pageLimitField(max: number, fallback: number) {
  const message = `must be a whole number from 1 to ${max}`;
  return v.optional(
    v.pipe(
      stringField,
      v.regex(/^[1-9]\d{0,2}$/, message),
      v.transform(Number),
      v.check((value) => value <= max, message),
    ),
    String(fallback),
  );
}

/**
 * A request part with no fields: the body of routes that take none (GET, and actions named by their
 * path; an empty object, or nothing) and the parameters of routes without any.
 */
export const NO_FIELDS = requestObject({});
