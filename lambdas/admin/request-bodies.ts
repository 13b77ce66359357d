import * as z from 'zod/mini';
import { cursorField, emailField, pageLimitField, userIdField } from '../shared/schemas';

/** Body of POST /admins. */
export const provisionNewAdminBody = z.strictObject({ email: emailField });

/** Body of POST /admins/resend-invite. */
export const resendAdminInviteBody = z.strictObject({ email: emailField });

/** Largest page of admins one request returns (each costs at most one Cognito read). */
export const MAX_ADMINS_PAGE = 25;

/** Query parameters of GET /admins. */
export const listAdminsParams = z.strictObject({ cursor: cursorField, limit: pageLimitField(MAX_ADMINS_PAGE, MAX_ADMINS_PAGE) });

/** Path parameters of the routes acting on one user (`/admins/{userId}/...`, `/users/{userId}/...`). */
export const userIdParams = z.strictObject({ userId: userIdField });

/** Body of POST /users/{userId}/mfa-reset: why, for the audit trail (trimmed; 1 to 500 characters). */
export const resetUserMfaBody = z.strictObject({
  reason: z.pipe(
    z.string({ error: 'must be a string' }).check(z.maxLength(2_000, { error: 'must be at most 500 characters' }), z.trim()),
    z.string().check(z.minLength(1, { error: 'is required' }), z.maxLength(500, { error: 'must be at most 500 characters' })),
  ),
});
