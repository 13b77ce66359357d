import * as v from 'valibot';
import { cursorField, emailField, pageLimitField, requestObject, stringField, userIdField } from '../shared/schemas';

/** Body of POST /admins. */
export const provisionNewAdminBody = /* @__PURE__ */ requestObject({ email: emailField });

/** Body of POST /admins/resend-invite. */
export const resendAdminInviteBody = /* @__PURE__ */ requestObject({ email: emailField });

/** Largest page of admins one request returns (each costs at most one Cognito read). */
export const MAX_ADMINS_PAGE = 25;

/** Query parameters of GET /admins. */
export const listAdminsParams = /* @__PURE__ */ (() => requestObject({ cursor: cursorField, limit: pageLimitField(MAX_ADMINS_PAGE, MAX_ADMINS_PAGE) }))();

/** Path parameters of the routes acting on one user (`/admins/{userId}/...`, `/users/{userId}/...`). */
export const userIdParams = /* @__PURE__ */ requestObject({ userId: userIdField });

/** Body of POST /users/{userId}/mfa-reset: why, for the audit trail (trimmed; 1 to 500 characters). */
export const resetUserMfaBody = /* @__PURE__ */ (() =>
  requestObject({
    reason: v.pipe(
      stringField,
      v.maxLength(2_000, 'must be at most 500 characters'),
      v.trim(),
      v.minLength(1, 'is required'),
      v.maxLength(500, 'must be at most 500 characters'),
    ),
  }))();
