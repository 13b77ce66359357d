/**
 * What each route of `lib/routes.ts` answers, for the OpenAPI document (`lib/openapi.ts`): its
 * success status and body, and the error codes its own flow can answer besides those every route
 * (or every admin route) can. The handlers build these bodies without a schema; the OpenAPI tests
 * run every handler's happy path and parse its body with the schema here, and hold the error codes
 * to the fault matrix, so neither can drift from the code unnoticed.
 */
import * as v from 'valibot';
import type { AdminStatus } from '../lambdas/admin/admin-status';
import { MAX_ADMINS_PAGE } from '../lambdas/admin/request-schemas';
import { MAX_AUDIT_PAGE } from '../lambdas/audit/request-schemas';
import { RECENT_SIGN_IN_MINUTES } from '../lambdas/recovery-codes/post-me-recovery-codes';
import { RECOVERY_CODE_COUNT } from '../lambdas/recovery-codes/recovery-code';
import { AUDIT_EVENTS } from '../lambdas/ports/audit-trail';
import type { ApiRoute } from './routes';

/** The error codes a route's own flow may answer, each with what it means on that route. */
export type RouteErrorCode =
  | 'INVALID_PASSWORD'
  | 'INVALID_RECOVERY_TOKEN'
  | 'RECOVERY_CODE_REFUSED'
  | 'INVALID_CREDENTIALS'
  | 'USER_NOT_FOUND'
  | 'USER_ALREADY_EXISTS'
  | 'CANNOT_DEACTIVATE_SELF'
  | 'CANNOT_RESET_OWN_MFA'
  | 'CANNOT_REACTIVATE_SELF'
  | 'LAST_ACTIVE_ADMIN'
  | 'RECENT_SIGN_IN_REQUIRED'
  | 'INVALID_USER_STATE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

export interface RouteResponses {
  /** One line for the operation's summary. */
  readonly summary: string;
  readonly success: { readonly status: number; readonly description: string; readonly body: v.GenericSchema };
  readonly errors: Readonly<Partial<Record<RouteErrorCode, string>>>;
  /** What a path or query parameter means (its schema comes from the route's own). */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** `METHOD /path`, as the route table names a route. */
export type RouteKey = `${ApiRoute['method']} ${string}`;

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>): RouteKey => `${route.method} ${route.path}`;

/** Every status the listing can show (a record, so a new status fails to compile until it is added). */
const ADMIN_STATUSES = Object.keys({ INVITED: true, INVITATION_EXPIRED: true, ACTIVE: true, MFA_NOT_SET_UP: true, DEACTIVATED: true } satisfies Record<
  AdminStatus,
  true
>);

const text = v.string();
const userId = v.pipe(text, v.uuid());
const isoTime = v.pipe(text, v.isoTimestamp());

const recoveryCodeStatus = v.strictObject({
  remaining: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(RECOVERY_CODE_COUNT), v.description('Unused codes left.')),
  createdAt: v.pipe(isoTime, v.description('When the set was made.')),
});

const listedAdmin = v.strictObject({
  userId,
  email: v.pipe(text, v.email()),
  status: v.picklist(ADMIN_STATUSES),
  createdAt: isoTime,
  createdBy: v.pipe(
    text,
    v.description(
      "User id of the admin who provisioned them (the id this list shows; admins provisioned before this rule show that admin's Cognito `sub` until scripts/backfill-admin-records.ts rewrites it).",
    ),
  ),
  lastInvitedAt: isoTime,
  recoveryCodes: v.pipe(
    v.nullable(recoveryCodeStatus),
    v.description('Their saved recovery codes: how many are left and when made; null when they never made any. Never the codes.'),
  ),
});

const auditRecord = v.strictObject({
  event: v.picklist(AUDIT_EVENTS),
  time: isoTime,
  actor: v.pipe(
    text,
    v.description(
      "Who acted, by user id (the id GET /admins shows): the acting admin's, or the user's own when users acted on their own account (records written before this rule say `self`).",
    ),
  ),
  actorSub: v.optional(v.pipe(text, v.description('When an admin acted: their Cognito `sub`.'))),
  userId,
  outcome: v.pipe(
    v.picklist(['SUCCESS', 'FAILURE', 'UNKNOWN']),
    v.description('UNKNOWN: the change was attempted but its answer was lost, so it may or may not have taken effect.'),
  ),
  sourceIp: text,
  userAgent: v.optional(text),
  correlationId: text,
  details: v.optional(v.pipe(v.record(text, text), v.description('Event-specific facts as strings, e.g. `reason`, `failedStep`, `previousInvitation`.'))),
});

const nextCursor = v.optional(v.pipe(text, v.description('Present when there is a next page: pass it as `cursor`.')));

const statusMessage = (status: string) => v.strictObject({ status: v.literal(status), message: text });

const USER_ID_PARAMETER = { userId: 'Our permanent user id (the Cognito `custom:userId` attribute).' };
const pageParameters = (max: number, fallback: number) => ({
  limit: `Page size, a whole number from 1 to ${max} (default ${fallback}).`,
  cursor: 'The `nextCursor` of the previous page.',
});

export const ROUTE_RESPONSES: Readonly<Record<RouteKey, RouteResponses>> = {
  'POST /admins': {
    summary: 'Provision a new admin: the Cognito user (Cognito emails a temporary password) and the database records, together or not at all.',
    success: {
      status: 201,
      description: 'The admin is invited.',
      body: v.strictObject({ userId, email: v.pipe(text, v.email()), status: v.literal('INVITED') }),
    },
    errors: {
      USER_ALREADY_EXISTS: 'The email already belongs to a user, or to a Cognito user the adoption policy refuses to take over.',
      INVALID_USER_STATE: 'The email is being provisioned by another request right now; try again in a minute.',
      TOO_MANY_REQUESTS: 'Cognito or DynamoDB throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out; calling again converges.',
    },
  },
  'GET /admins': {
    summary: 'Every admin with their invitation and account status, oldest first, a page at a time.',
    success: {
      status: 200,
      description: 'One page of admins.',
      body: v.strictObject({ admins: v.array(listedAdmin), nextCursor }),
    },
    errors: {
      TOO_MANY_REQUESTS: 'Cognito or DynamoDB throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out.',
    },
    parameters: pageParameters(MAX_ADMINS_PAGE, MAX_ADMINS_PAGE),
  },
  'POST /admins/resend-invite': {
    summary: 'Re-send a pending or expired admin invitation: a new temporary password, the old one stops working.',
    success: {
      status: 202,
      description: '`previousInvitation` says whether the invitation it replaced had expired.',
      body: v.strictObject({
        email: v.pipe(text, v.email()),
        userId,
        status: v.literal('INVITE_SENT'),
        previousInvitation: v.picklist(['PENDING', 'EXPIRED']),
      }),
    },
    errors: {
      USER_NOT_FOUND: 'The email is not one of our admins, or has no Cognito user.',
      INVALID_USER_STATE: 'The admin already set a password, or is deactivated.',
      TOO_MANY_REQUESTS: 'More than 3 resends to this admin within an hour, or a dependency throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out.',
    },
  },
  'POST /admins/{userId}/deactivate': {
    summary: 'Deactivate an admin: no new sign-in, refresh tokens revoked, current ID tokens refused on admin routes.',
    success: { status: 200, description: 'The admin is deactivated.', body: v.strictObject({ userId, status: v.literal('DEACTIVATED') }) },
    errors: {
      USER_NOT_FOUND: 'No admin with this id.',
      CANNOT_DEACTIVATE_SELF: 'The caller tried to deactivate themselves.',
      LAST_ACTIVE_ADMIN: 'Deactivating this admin would leave no active admin.',
      TOO_MANY_REQUESTS: 'Cognito or DynamoDB throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed; calling again completes the deactivation.',
    },
    parameters: USER_ID_PARAMETER,
  },
  'POST /admins/{userId}/reactivate': {
    summary: 'Reactivate a deactivated admin.',
    success: { status: 200, description: 'The admin is active again.', body: v.strictObject({ userId, status: v.literal('REACTIVATED') }) },
    errors: {
      USER_NOT_FOUND: 'No admin with this id.',
      CANNOT_REACTIVATE_SELF: 'The caller tried to reactivate themselves.',
      INVALID_USER_STATE: 'The database does not say this admin is deactivated: nothing was changed.',
      TOO_MANY_REQUESTS: 'Cognito or DynamoDB throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed; calling again completes the reactivation.',
    },
    parameters: USER_ID_PARAMETER,
  },
  'POST /users/{userId}/mfa-reset': {
    summary: "Reset another user's authenticator in place, with a reason: the user is re-invited with a temporary password and notified.",
    success: { status: 202, description: 'The factor is reset and the user re-invited.', body: v.strictObject({ userId, status: v.literal('MFA_RESET') }) },
    errors: {
      USER_NOT_FOUND: 'No user with this id.',
      CANNOT_RESET_OWN_MFA: 'The caller tried to reset their own MFA.',
      INVALID_USER_STATE:
        'The user is a deactivated admin, or their Cognito user may not be reset (gone, disabled, its email or user id not ours): the message says which; nothing was changed.',
      TOO_MANY_REQUESTS: 'More than 3 MFA resets of this user, or 10 by this admin, within an hour; or a dependency throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed; the account is left safe and calling again converges.',
    },
    parameters: USER_ID_PARAMETER,
  },
  'GET /users/{userId}/audit': {
    summary: "A user's audit trail, newest first, a page at a time.",
    success: {
      status: 200,
      description: "One page of the user's audit records.",
      body: v.strictObject({ userId, events: v.array(auditRecord), nextCursor }),
    },
    errors: {
      USER_NOT_FOUND: 'No user with this id.',
      TOO_MANY_REQUESTS: 'DynamoDB throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out.',
    },
    parameters: { ...USER_ID_PARAMETER, ...pageParameters(MAX_AUDIT_PAGE, 25), cursor: "The `nextCursor` of the previous page of this user's trail." },
  },
  'POST /me/recovery-codes': {
    summary: `Make 10 new saved recovery codes for the signed-in user (any earlier set stops working); needs a sign-in within the last ${RECENT_SIGN_IN_MINUTES} minutes.`,
    success: {
      status: 201,
      description: 'The codes, shown this once: only their keyed hashes are kept.',
      body: v.strictObject({
        codes: v.pipe(
          v.array(v.pipe(text, v.regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/))),
          v.length(RECOVERY_CODE_COUNT),
          v.description('Crockford base32, 60 random bits each, grouped by 4, e.g. `7KQM-3XRT-PZ9C`.'),
        ),
      }),
    },
    errors: {
      RECENT_SIGN_IN_REQUIRED: `No sign-in (password and MFA) recorded within the last ${RECENT_SIGN_IN_MINUTES} minutes: sign in again. Nothing was changed.`,
      TOO_MANY_REQUESTS: 'DynamoDB or Secrets Manager throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out; calling again makes a fresh set.',
    },
  },
  'GET /me/recovery-codes': {
    summary: "The signed-in user's saved recovery codes: how many are left and when they were made. Never the codes.",
    success: {
      status: 200,
      description: '`createdAt` is null (and `remaining` 0) when the user never made codes.',
      body: v.union([recoveryCodeStatus, v.strictObject({ remaining: v.literal(0), createdAt: v.null() })]),
    },
    errors: {
      TOO_MANY_REQUESTS: 'DynamoDB throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out.',
    },
  },
  'POST /auth/new-password': {
    summary: "First sign-in: answer NEW_PASSWORD_REQUIRED with the invited user's own password.",
    success: {
      status: 200,
      description: "Cognito's next step: in this pool (MFA required) the `MFA_SETUP` challenge and its session; tokens where Cognito returns them directly.",
      body: v.variant('status', [
        v.strictObject({ status: v.literal('CHALLENGE'), challengeName: text, session: text }),
        v.strictObject({
          status: v.literal('AUTHENTICATED'),
          tokens: v.strictObject({ idToken: text, accessToken: text, refreshToken: v.optional(text), expiresIn: v.number(), tokenType: text }),
        }),
      ]),
    },
    errors: {
      INVALID_PASSWORD: "The new password does not meet the pool's policy.",
      INVALID_CREDENTIALS:
        'No pending invitation for these credentials (wrong or expired temporary password, unknown user, a user who already set a password, a disabled user): one body, one minimum time.',
      TOO_MANY_REQUESTS: 'Too many attempts for this username or from this IP, or a dependency throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed or timed out.',
    },
  },
  'POST /mfa-recovery/request': {
    summary: 'Ask for an MFA-recovery link with password and license data; the same answer whatever happened.',
    success: {
      status: 202,
      description: 'Always this answer to a well-formed request, whether or not a link was sent.',
      body: statusMessage('REQUESTED'),
    },
    errors: {},
  },
  'POST /mfa-recovery/confirm': {
    summary: "Redeem a recovery link's token: the account's authenticator is reset and a temporary password emailed.",
    success: { status: 200, description: 'The account is recovered.', body: statusMessage('RECOVERED') },
    errors: {
      INVALID_RECOVERY_TOKEN: 'The link is unknown, expired, used, superseded or voided, or an interrupted recovery is past its deadline (one answer for all).',
      INVALID_USER_STATE: 'Another confirm is working on this link right now, or the account needs an operator.',
      TOO_MANY_REQUESTS: 'Too many confirms from this IP, or a dependency throttled the request.',
      SERVICE_UNAVAILABLE: 'A dependency failed; calling again with the same link resumes.',
    },
  },
  'POST /mfa-recovery/code': {
    summary:
      'Reset a lost authenticator with the password and one saved recovery code: the code is used up, the factor reset in place (password kept); the next sign-in sets up a new authenticator.',
    success: { status: 200, description: 'The authenticator is reset; the notice (with the codes left) is emailed.', body: statusMessage('MFA_RESET') },
    errors: {
      RECOVERY_CODE_REFUSED:
        'Unknown email, wrong password, malformed, wrong or used code, no codes saved, an attempt limit, the cooling-off after an email password reset, an account that cannot be recovered, or a failure before the code was used: one body, one minimum time.',
      TOO_MANY_REQUESTS: 'The reset was throttled after the code was taken; the code was put back: call again.',
      SERVICE_UNAVAILABLE: 'The reset failed after the code was taken; the code was put back: calling again with it converges.',
    },
  },
};
