import * as z from 'zod/mini';

/** Any string: a malformed token gets the same answer as a wrong one, after the same delay. */
const tokenField = z
  .string({ error: 'must be a string' })
  .check(z.minLength(1, { error: 'is required' }), z.maxLength(512, { error: 'must be at most 512 characters' }));

/**
 * Body of POST /mfa-recovery/confirm. Its own module (not beside the request body) because
 * module-scope schemas ship in every bundle that imports the module.
 */
export const confirmMfaResetBody = z.strictObject({ token: tokenField });
