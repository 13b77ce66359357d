import type { WebAppConfig } from '../pages';
import { ADMIN_ERROR_WORDS } from './admin-words';
import { type ApiResult, callApi, describeError } from './api';
import { currentUser, type SignedInUser } from './auth';

/** What the console's parts share: the signed-in admin, and calls to the admin routes with their current ID token. */
export interface ConsoleContext {
  readonly me: SignedInUser;
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult>;
}

export function consoleContext(config: WebAppConfig, me: SignedInUser): ConsoleContext {
  return {
    me,
    // Amplify hands out a refreshed ID token once the old one expires (they last an hour).
    call: async (method, path, body) => callApi(config, method, path, body, (await currentUser())?.idToken ?? me.idToken),
  };
}

/** An admin route's failure in plain words (its own codes first, then the API's table). */
export function describeAdminError(result: Extract<ApiResult, { ok: false }>, overrides: Record<string, string> = {}): string {
  return describeError(result, { ...ADMIN_ERROR_WORDS, ...overrides });
}

/** Shows a 400's `details` on the fields they name; true when one of them was shown. */
export function showFieldErrors(result: Extract<ApiResult, { ok: false }>, fields: Record<string, (message: string) => void>): boolean {
  const shown = result.details.filter((detail) => fields[detail.field]);
  for (const detail of shown) fields[detail.field](`This ${detail.message}.`);
  return shown.length > 0;
}
