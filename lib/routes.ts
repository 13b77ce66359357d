/**
 * The route manifest: one entry per API route declares everything about the route and its function
 * (method, path, access, schemas, handler, and what the function may call and read from its
 * environment). The CDK stack builds every function, its IAM policy and its environment from it in
 * one loop; the local API serves the same handlers with the same environments; the infra tests and
 * the unit world's IAM check (test/support/iam-policy.ts) hold the synthesized template to it.
 * Nothing else keeps a copy of a function's actions.
 */

import type * as v from 'valibot';
import type { Partition } from '../lambdas/adapters/dynamodb/table-layout';
import {
  getAdminsParams,
  postAdminsBody,
  postAdminsDeactivateParams,
  postAdminsReactivateParams,
  postAdminsResendInviteBody,
  postUsersMfaResetBody,
  postUsersMfaResetParams,
} from '../lambdas/admin/request-schemas';
import { getUsersAuditParams } from '../lambdas/audit/request-schemas';
import { postAuthNewPasswordBody } from '../lambdas/auth/request-schemas';
import type { FirstSignInKnob } from '../lambdas/auth/settings';
import { type MfaRecoveryStrategy, RECOVERY_LEASE_MS } from '../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { postMfaRecoveryCodeBody, postMfaRecoveryConfirmBody, postMfaRecoveryRequestBody } from '../lambdas/mfa-recovery/request-schemas';
import type { MfaRecoveryKnob } from '../lambdas/mfa-recovery/settings';
import { RECENT_SIGN_IN_MINUTES } from '../lambdas/recovery-codes/post-me-recovery-codes';
import type { requestObject } from '../lambdas/shared/schemas';

/**
 * `admin`: Cognito authorizer (a valid ID token) plus the handler's own `admins` group check and active-admin read.
 * `user`: the same authorizer, then the handler's check that the token's `custom:userId` names a User
 * of ours with the token's `sub` who is not a deactivated admin (lambdas/identity/signed-in-user-check.ts).
 * `public`: no authorizer.
 */
export type RouteAccess = 'admin' | 'user' | 'public';

/** A Cognito action on the user pool. */
export type CognitoAction = `cognito-idp:${string}`;

/** A DynamoDB action a function may make on the main table (a transaction's items count as their own Put/Update). */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:Query'
  | 'dynamodb:ConditionCheckItem';

export interface TableAccess {
  readonly actions: readonly TableAction[];
  /** The partition-key kinds the function reads or writes; IAM refuses every other (`dynamodb:LeadingKeys`, lib/table-access.ts). */
  readonly partitions: readonly Partition[];
}

/** What a function may call, each on exactly one resource of the stack. */
export interface FunctionGrants {
  /** Actions on the user pool; per MFA-recovery strategy where the strategy changes the calls. */
  readonly cognito?: readonly CognitoAction[] | Readonly<Record<MfaRecoveryStrategy, readonly CognitoAction[]>>;
  /** The main table, restricted to partition-key kinds. */
  readonly table?: TableAccess;
  /** Query on the admin index (no LeadingKeys: the documentation does not say which key IAM sees for an index Query). */
  readonly adminIndexQuery?: true;
  /** The audit table: add records (PutItem) or page through them (Query), never both, never more. */
  readonly audit?: 'append' | 'read';
  /** GetSecretValue on the attempt counters' HMAC key. */
  readonly rateLimitKey?: true;
  /** GetSecretValue on the recovery codes' HMAC key (a different secret for a different purpose). */
  readonly recoveryCodeKey?: true;
  /** SendEmail from the configured sender only (its domain identity, `ses:FromAddress`). */
  readonly sendEmail?: true;
}

/** The settings a function may read from its environment (lib/function-environment.ts gives each its value). */
export type EnvName =
  | 'COGNITO_USER_POOL_ID'
  | 'COGNITO_CLIENT_ID'
  | 'TABLE_NAME'
  | 'AUDIT_TABLE_NAME'
  | 'AUDIT_RETENTION_DAYS'
  | 'RATE_LIMIT_KEY_SECRET_ARN'
  | 'RECOVERY_CODE_KEY_SECRET_ARN'
  | 'RECOVERY_URL_BASE'
  | 'SENDER_EMAIL'
  | 'MFA_RECOVERY_STRATEGY'
  | MfaRecoveryKnob
  | FirstSignInKnob;

/**
 * What every function of the stack declares, API route or Cognito trigger (lib/cognito-triggers.ts):
 * every AWS call it may make and every setting it may read. The stack builds its role and
 * environment from this alone; the unit IAM check and the local API hold its calls to that role.
 */
export interface FunctionDeclaration {
  /** The function's description (shown in the Lambda console). */
  readonly description: string;
  /** Every AWS call the function may make. */
  readonly grants: FunctionGrants;
  /** The settings it reads, beyond what every function gets (Powertools'; a route's FRONTEND_ORIGIN). */
  readonly env: readonly EnvName[];
}

/** A route as the manifest declares it; its name is derived (routeName), never written down. */
export interface RouteDeclaration extends FunctionDeclaration {
  readonly method: 'GET' | 'POST';
  /** The resource path, e.g. `/admins/resend-invite`; `{name}` segments are path parameters. */
  readonly path: string;
  readonly access: RouteAccess;
  /** The body schema the handler validates with; API Gateway validates its structure too. None: no body. */
  readonly body?: v.GenericSchema;
  /** The path and query parameters the handler validates; the names outside the path are the query's. */
  readonly params?: ReturnType<typeof requestObject>;
  /** The setting holding the minimum response time the handler keeps (its timeout outlives it). */
  readonly responseFloor?: 'MIN_RESPONSE_MS' | 'FIRST_SIGN_IN_MIN_RESPONSE_MS';
  /** The function must time out before this (ms): confirm's token lease, which a retry may take over after. */
  readonly timeoutBelowMs?: number;
}

/** Every admin route reads its caller's AdminInfo (`USER#`, the in-code admin check). */
const COGNITO_ENV = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID'] as const satisfies readonly EnvName[];
const AUDIT_ENV = ['AUDIT_TABLE_NAME', 'AUDIT_RETENTION_DAYS'] as const satisfies readonly EnvName[];
/** What both public MFA-recovery functions read: tokens, attempt counters, the notice's sender, the response floor, the cooling-off. */
const MFA_RECOVERY_ENV = [
  ...COGNITO_ENV,
  'TABLE_NAME',
  ...AUDIT_ENV,
  'RATE_LIMIT_KEY_SECRET_ARN',
  'SENDER_EMAIL',
  'MIN_RESPONSE_MS',
  'RECOVERY_LIMIT_WINDOW_SECONDS',
  'RECOVERY_COOLING_OFF_SECONDS',
] as const satisfies readonly EnvName[];

/**
 * The Cognito calls of each MFA-recovery strategy, made by the two routes that reset a factor (MFA
 * recovery's confirm, the admin MFA reset). Both read the user first (AdminGetUser: the adoption
 * policy decides before anything changes).
 */
const FACTOR_RESET_COGNITO: Readonly<Record<MfaRecoveryStrategy, readonly CognitoAction[]>> = {
  reset: [
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminSetUserPassword',
    'cognito-idp:AdminUserGlobalSignOut',
    'cognito-idp:AdminDeleteSoftwareToken',
    'cognito-idp:AdminCreateUser',
  ],
  recreate: [
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminListGroupsForUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminAddUserToGroup',
  ],
};

const DECLARED_ROUTES: readonly RouteDeclaration[] = [
  {
    method: 'POST',
    path: '/admins',
    access: 'admin',
    description: 'POST /admins: create a Cognito admin and its User/AdminInfo records together',
    body: postAdminsBody,
    grants: {
      cognito: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUser'],
      // The email claim and the new user's items in one transaction, with the admin counter.
      table: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], partitions: ['user', 'email', 'adminCounters'] },
      audit: 'append',
    },
    env: [...COGNITO_ENV, 'TABLE_NAME', ...AUDIT_ENV],
  },
  {
    method: 'GET',
    path: '/admins',
    access: 'admin',
    description: 'GET /admins: every admin with their invitation and account status',
    params: getAdminsParams,
    grants: {
      cognito: ['cognito-idp:AdminGetUser'],
      // Reads its caller's AdminInfo and the page's recovery-code statuses (one BatchGetItem), never writes: sign-ins are recorded by the post-authentication trigger.
      table: { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], partitions: ['user'] },
      adminIndexQuery: true,
    },
    env: [...COGNITO_ENV, 'TABLE_NAME'],
  },
  {
    method: 'POST',
    path: '/admins/resend-invite',
    access: 'admin',
    description: 'POST /admins/resend-invite: re-send a pending or expired admin invitation',
    body: postAdminsResendInviteBody,
    grants: {
      cognito: ['cognito-idp:AdminCreateUser'],
      table: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], partitions: ['user', 'email', 'attemptCounter'] },
      audit: 'append',
      rateLimitKey: true,
    },
    env: [...COGNITO_ENV, 'TABLE_NAME', ...AUDIT_ENV, 'RATE_LIMIT_KEY_SECRET_ARN'],
  },
  {
    method: 'POST',
    path: '/admins/{userId}/deactivate',
    access: 'admin',
    description: 'POST /admins/{userId}/deactivate: disable an admin and sign them out everywhere',
    params: postAdminsDeactivateParams,
    grants: {
      cognito: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut'],
      // The transaction checks that the acting admin is still active (the last-admin guard).
      table: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'], partitions: ['user', 'adminCounters'] },
      audit: 'append',
    },
    env: [...COGNITO_ENV, 'TABLE_NAME', ...AUDIT_ENV],
  },
  {
    method: 'POST',
    path: '/admins/{userId}/reactivate',
    access: 'admin',
    description: 'POST /admins/{userId}/reactivate: enable a deactivated admin again',
    params: postAdminsReactivateParams,
    grants: {
      cognito: ['cognito-idp:AdminEnableUser'],
      table: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], partitions: ['user', 'adminCounters'] },
      audit: 'append',
    },
    env: [...COGNITO_ENV, 'TABLE_NAME', ...AUDIT_ENV],
  },
  {
    method: 'POST',
    path: '/users/{userId}/mfa-reset',
    access: 'admin',
    description: "POST /users/{userId}/mfa-reset: reset another user's authenticator (MFA_RECOVERY_STRATEGY) and re-invite them",
    body: postUsersMfaResetBody,
    params: postUsersMfaResetParams,
    grants: {
      cognito: FACTOR_RESET_COGNITO,
      // The user (recreate: its snapshot and relink), the admin's invitation time, and the per-target and per-admin attempt counters.
      table: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], partitions: ['user', 'attemptCounter'] },
      audit: 'append',
      rateLimitKey: true,
      sendEmail: true,
    },
    env: [...COGNITO_ENV, 'TABLE_NAME', ...AUDIT_ENV, 'RATE_LIMIT_KEY_SECRET_ARN', 'SENDER_EMAIL', 'MFA_RECOVERY_STRATEGY'],
  },
  {
    method: 'GET',
    path: '/users/{userId}/audit',
    access: 'admin',
    description: "GET /users/{userId}/audit: read a user's audit trail",
    params: getUsersAuditParams,
    grants: { table: { actions: ['dynamodb:GetItem'], partitions: ['user'] }, audit: 'read' },
    env: ['TABLE_NAME', 'AUDIT_TABLE_NAME'],
  },
  // A signed-in user's own saved recovery codes (access `user`: the check reads their User and AdminInfo).
  {
    method: 'POST',
    path: '/me/recovery-codes',
    access: 'user',
    description: `POST /me/recovery-codes: make 10 new recovery codes (voids the earlier set); needs a sign-in within ${RECENT_SIGN_IN_MINUTES} minutes`,
    grants: {
      // The check's two reads, then one Put of the new set's keyed hashes.
      table: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], partitions: ['user'] },
      audit: 'append',
      recoveryCodeKey: true,
    },
    env: ['TABLE_NAME', ...AUDIT_ENV, 'RECOVERY_CODE_KEY_SECRET_ARN'],
  },
  {
    method: 'GET',
    path: '/me/recovery-codes',
    access: 'user',
    description: 'GET /me/recovery-codes: how many saved recovery codes are left and when they were made (never the codes)',
    grants: { table: { actions: ['dynamodb:GetItem'], partitions: ['user'] } },
    env: ['TABLE_NAME'],
  },
  {
    method: 'POST',
    path: '/auth/new-password',
    access: 'public',
    description: 'POST /auth/new-password: answer NEW_PASSWORD_REQUIRED at first sign-in',
    body: postAuthNewPasswordBody,
    grants: {
      cognito: ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminRespondToAuthChallenge'],
      // The email claim and the attempt counters, never a user's items.
      table: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['email', 'attemptCounter'] },
      audit: 'append',
      rateLimitKey: true,
    },
    env: [
      ...COGNITO_ENV,
      'TABLE_NAME',
      ...AUDIT_ENV,
      'RATE_LIMIT_KEY_SECRET_ARN',
      'FIRST_SIGN_IN_MIN_RESPONSE_MS',
      'FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS',
      'FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP',
      'FIRST_SIGN_IN_LIMIT_PER_IP',
    ],
    // Every refusal waits this long; the function must outlive it plus the real work.
    responseFloor: 'FIRST_SIGN_IN_MIN_RESPONSE_MS',
  },
  // Public: the caller has lost their MFA device; throttling and the flows' own limits protect these.
  {
    method: 'POST',
    path: '/mfa-recovery/request',
    access: 'public',
    description: 'POST /mfa-recovery/request: verify license + password, email a one-time MFA recovery link',
    body: postMfaRecoveryRequestBody,
    grants: {
      cognito: ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminGetUser'],
      table: {
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        partitions: ['user', 'email', 'recoveryToken', 'attemptCounter'],
      },
      audit: 'append',
      rateLimitKey: true,
      sendEmail: true,
    },
    env: [...MFA_RECOVERY_ENV, 'RECOVERY_URL_BASE', 'RECOVERY_REQUEST_LIMIT_PER_ACCOUNT', 'RECOVERY_REQUEST_LIMIT_PER_IP'],
    responseFloor: 'MIN_RESPONSE_MS',
  },
  {
    method: 'POST',
    path: '/mfa-recovery/confirm',
    access: 'public',
    description: 'POST /mfa-recovery/confirm: redeem a recovery link, recover the account (MFA_RECOVERY_STRATEGY) and send the notice',
    body: postMfaRecoveryConfirmBody,
    grants: {
      cognito: FACTOR_RESET_COGNITO,
      table: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['user', 'recoveryToken', 'attemptCounter'] },
      audit: 'append',
      rateLimitKey: true,
      sendEmail: true,
    },
    env: [...MFA_RECOVERY_ENV, 'MFA_RECOVERY_STRATEGY', 'RECOVERY_CONFIRM_LIMIT_PER_IP'],
    responseFloor: 'MIN_RESPONSE_MS',
    // A confirm holds its token's lease while it works; a retry may take over only after the lease,
    // so a function still running must never outlive it.
    timeoutBelowMs: RECOVERY_LEASE_MS,
  },
  {
    method: 'POST',
    path: '/mfa-recovery/code',
    access: 'public',
    description: 'POST /mfa-recovery/code: verify password + a saved recovery code, reset the authenticator in place (password kept), send the notice',
    body: postMfaRecoveryCodeBody,
    grants: {
      // The password's first leg, the adoption guard's read, then the reset that keeps the password: no RESEND, no new password.
      cognito: ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteSoftwareToken'],
      // The email claim, the user and its recovery codes (consume, release), the attempt counters.
      table: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: ['user', 'email', 'attemptCounter'] },
      audit: 'append',
      rateLimitKey: true,
      recoveryCodeKey: true,
      sendEmail: true,
    },
    env: [
      ...MFA_RECOVERY_ENV,
      'RECOVERY_CODE_KEY_SECRET_ARN',
      'RECOVERY_CODE_LIMIT_PER_IP',
      'RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP',
      'RECOVERY_CODE_LIMIT_PER_ACCOUNT',
    ],
    responseFloor: 'MIN_RESPONSE_MS',
  },
];

export interface ApiRoute extends RouteDeclaration {
  /**
   * The route's name (routeName): its handler is lambdas/handlers/<name>.ts (export `handler`), its
   * function's construct id `<PascalName>Function`, its body and parameter schemas `<camelName>Body`
   * and `<camelName>Params`, its OpenAPI operationId `<camelName>`.
   */
  readonly name: string;
}

/**
 * A route's name: its method and its path's segments without the `{parameters}`, in kebab case.
 * `POST /mfa-recovery/confirm` -> `post-mfa-recovery-confirm`; `GET /users/{userId}/audit` -> `get-users-audit`.
 */
export function routeName(method: string, path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '' && !segment.startsWith('{'));
  return [method.toLowerCase(), ...segments].join('-');
}

export const API_ROUTES: readonly ApiRoute[] = DECLARED_ROUTES.map((route) => ({ ...route, name: routeName(route.method, route.path) }));

/** The Cognito actions of a route's function under an MFA-recovery strategy. */
export function cognitoActions(grants: FunctionGrants, strategy: MfaRecoveryStrategy): readonly CognitoAction[] {
  const { cognito } = grants;
  if (cognito === undefined) return [];
  return isStrategyDependent(cognito) ? cognito[strategy] : cognito;
}

function isStrategyDependent(cognito: NonNullable<FunctionGrants['cognito']>): cognito is Readonly<Record<MfaRecoveryStrategy, readonly CognitoAction[]>> {
  return !Array.isArray(cognito);
}

/** The names of the `{name}` segments of `path`. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
}

/** The route's query-string parameter names: its parameters that are not in the path. */
export function queryParameterNames(route: ApiRoute): string[] {
  const inPath = new Set(pathParameterNames(route.path));
  return Object.keys(route.params?.entries ?? {}).filter((name) => !inPath.has(name));
}

/** "post-mfa-recovery-request" -> "PostMfaRecoveryRequest": the function's construct id is this plus "Function". */
export function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());
}

/** "post-mfa-recovery-request" -> "postMfaRecoveryRequest": the route's flow, schemas and operationId are named after it. */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
