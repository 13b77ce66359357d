/**
 * The API's routes in one place: the CDK stack wires API Gateway from this list, and the local API
 * (local/) serves the same handlers from it, so the two cannot disagree on a path or on who may call.
 */

import type * as v from 'valibot';
import { listAdminsParams, provisionNewAdminBody, resendAdminInviteBody, resetUserMfaBody, userIdParams } from '../lambdas/admin/request-bodies';
import { getUserAuditParams } from '../lambdas/audit/request-params';
import { newPasswordChallengeBody } from '../lambdas/auth/request-bodies';
import { confirmMfaResetBody } from '../lambdas/mfa-recovery/reset-confirm-body';
import { requestMfaResetBody } from '../lambdas/mfa-recovery/reset-request-body';
import type { requestObject } from '../lambdas/shared/schemas';

/** `admin`: Cognito authorizer (a valid ID token) plus the handler's own `admins` group check. `public`: no authorizer. */
export type RouteAccess = 'admin' | 'public';

export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** The resource path, e.g. `/admins/resend-invite`; `{name}` segments are path parameters. */
  readonly path: string;
  /** Handler file in lambdas/handlers, without extension; its `handler` export serves the route. */
  readonly handlerFile: string;
  readonly access: RouteAccess;
  /** The body schema the handler validates with; API Gateway validates its structure too. None: no body. */
  readonly body?: v.GenericSchema;
  /** The path and query parameters the handler validates; the names outside the path are the query's. */
  readonly params?: ReturnType<typeof requestObject>;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/admins', handlerFile: 'provision-new-admin', access: 'admin', body: provisionNewAdminBody },
  { method: 'GET', path: '/admins', handlerFile: 'list-admins', access: 'admin', params: listAdminsParams },
  { method: 'POST', path: '/admins/resend-invite', handlerFile: 'resend-admin-invite', access: 'admin', body: resendAdminInviteBody },
  { method: 'POST', path: '/admins/{userId}/deactivate', handlerFile: 'deactivate-admin', access: 'admin', params: userIdParams },
  { method: 'POST', path: '/admins/{userId}/reactivate', handlerFile: 'reactivate-admin', access: 'admin', params: userIdParams },
  { method: 'POST', path: '/users/{userId}/mfa-reset', handlerFile: 'reset-user-mfa', access: 'admin', body: resetUserMfaBody, params: userIdParams },
  { method: 'GET', path: '/users/{userId}/audit', handlerFile: 'get-user-audit', access: 'admin', params: getUserAuditParams },
  { method: 'POST', path: '/auth/new-password', handlerFile: 'new-password-challenge', access: 'public', body: newPasswordChallengeBody },
  // Public: the caller has lost their MFA device; throttling and the flows' own limits protect these.
  { method: 'POST', path: '/mfa-recovery/request', handlerFile: 'request-mfa-reset', access: 'public', body: requestMfaResetBody },
  { method: 'POST', path: '/mfa-recovery/confirm', handlerFile: 'confirm-mfa-reset', access: 'public', body: confirmMfaResetBody },
];

/** The names of the `{name}` segments of `path`. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
}

/** The route's query-string parameter names: its parameters that are not in the path. */
export function queryParameterNames(route: ApiRoute): string[] {
  const inPath = new Set(pathParameterNames(route.path));
  return Object.keys(route.params?.entries ?? {}).filter((name) => !inPath.has(name));
}
