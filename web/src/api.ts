import type { WebAppConfig } from '../pages';

/** An API answer: the status and the JSON body, or the error's code, details and correlation id. */
export type ApiResult =
  | { readonly ok: true; readonly status: number; readonly body: any }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly details: readonly { field: string; message: string }[];
      readonly correlationId?: string;
    };

/** The API's error codes (docs/api.md, Errors) in plain words. Routes may say something more specific. */
const PLAIN_WORDS: Record<string, string> = {
  INVALID_JSON: 'The app sent a request the service could not read. Reload the page and try again.',
  VALIDATION_FAILED: 'Some of the details are not valid. Check the fields marked below.',
  INVALID_PASSWORD: 'The new password does not meet the password rules.',
  INVALID_RECOVERY_TOKEN: 'This recovery link does not work any more: it has expired, was already used, or a newer link was sent. Ask for a new link.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  INVALID_CREDENTIALS: 'The email or the temporary password is not right, or the temporary password has expired (an admin can re-send the invitation).',
  FORBIDDEN: 'Only admins may do this.',
  USER_NOT_FOUND: 'No account uses this email.',
  USER_ALREADY_EXISTS: 'An account with this email already exists.',
  INVALID_USER_STATE: 'The account is not in a state that allows this right now.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  TOO_MANY_REQUESTS: 'Too many requests right now. Wait a minute and try again.',
  SERVICE_UNAVAILABLE: 'The service is not available right now. Try again in a minute.',
  NETWORK: 'The service cannot be reached. Check your connection and try again.',
};

/** What to tell the user about a failed call; `overrides` gives a route's own wording for some codes. */
export function describeError(result: Extract<ApiResult, { ok: false }>, overrides: Record<string, string> = {}): string {
  const text = overrides[result.code] ?? PLAIN_WORDS[result.code];
  // INVALID_USER_STATE messages are written for people (e.g. "try again in a minute"): show them as they are.
  if (result.code === 'INVALID_USER_STATE' && !overrides[result.code] && result.message) return result.message;
  if (text) return text;
  const reference = result.correlationId ? ` If it keeps happening, give support this reference: ${result.correlationId}.` : '';
  return `Something went wrong on our side. Try again.${reference}`;
}

/** Calls the API with a JSON body (and the ID token for admin routes). Never throws. */
export async function callApi(config: WebAppConfig, method: 'GET' | 'POST', path: string, body?: unknown, idToken?: string): Promise<ApiResult> {
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(idToken ? { Authorization: idToken } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, code: 'NETWORK', message: '', details: [] };
  }
  const json = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, status: response.status, body: json };
  const error = json?.error ?? {};
  return {
    ok: false,
    status: response.status,
    code: typeof error.code === 'string' ? error.code : 'INTERNAL_ERROR',
    message: typeof error.message === 'string' ? error.message : '',
    details: Array.isArray(error.details) ? error.details : [],
    correlationId: response.headers.get('X-Correlation-Id') ?? undefined,
  };
}
