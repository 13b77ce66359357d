import * as v from 'valibot';
import { cursorField, emailField, pageLimitField, requestObject, stringField, userIdField } from '../shared/schemas';

/** Body of POST /admins. */
export const postAdminsBody = requestObject({ email: emailField });

/** Body of POST /admins/resend-invite. */
export const postAdminsResendInviteBody = requestObject({ email: emailField });

/** Largest page of admins one request returns (each costs at most one Cognito read). */
export const MAX_ADMINS_PAGE = 25;

/** Query parameters of GET /admins. */
export const getAdminsParams = requestObject({ cursor: cursorField, limit: pageLimitField(MAX_ADMINS_PAGE, MAX_ADMINS_PAGE) });

/** The path parameters of a route acting on one user (`/admins/{userId}/...`, `/users/{userId}/...`). */
const userIdParams = requestObject({ userId: userIdField });

/** Path parameters of POST /admins/{userId}/deactivate. */
export const postAdminsDeactivateParams = userIdParams;

/** Path parameters of POST /admins/{userId}/reactivate. */
export const postAdminsReactivateParams = userIdParams;

/** Path parameters of POST /users/{userId}/mfa-reset. */
export const postUsersMfaResetParams = userIdParams;

/** Body of POST /users/{userId}/mfa-reset: why, for the audit trail (trimmed; 1 to 500 characters). */
export const postUsersMfaResetBody = requestObject({
  reason: v.pipe(
    stringField,
    v.maxLength(2_000, 'must be at most 500 characters'),
    v.trim(),
    v.minLength(1, 'is required'),
    v.maxLength(500, 'must be at most 500 characters'),
  ),
});
