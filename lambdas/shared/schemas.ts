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
