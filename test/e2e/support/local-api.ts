import { expect } from 'vitest';
import { completeMfaSetup } from '../../../local/mfa-setup';
import type { OutboxEmail } from '../../../local/outbox';
import { totp } from '../../../local/totp';
import { cognito, local } from './emulator';
import { expectDocumentedAnswer } from './openapi-conformance';

export interface ApiResponse {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/**
 * Calls the local API over HTTP, as a client would. `token` goes into `Authorization` unchanged.
 * Every answer of an API route is held to docs/openapi.json.
 */
export async function call(path: string, options: { body?: unknown; token?: string; method?: string } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token !== undefined) headers.authorization = options.token;
  const response = await fetch(`${local.apiUrl}${path}`, {
    method: options.method ?? 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  expectDocumentedAnswer(options.method ?? 'POST', path, response.status, body);
  return { status: response.status, body, headers: response.headers };
}

export interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
}

/** Signs in through the local sign-in helper: password, then a TOTP code from `totpSecret` when the account has one. */
export async function signIn(email: string, password: string, totpSecret?: string): Promise<ApiResponse> {
  const totpCode = totpSecret === undefined ? undefined : totp(totpSecret);
  return call('/_local/sign-in', { body: { email, password, totpCode } });
}

/** Like `signIn`, but insists on success and returns the tokens. */
export async function tokensFor(email: string, password: string, totpSecret?: string): Promise<Tokens> {
  const response = await signIn(email, password, totpSecret);
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.tokens;
}

/** The first admin's ID token (password + TOTP). */
export async function adminToken(): Promise<string> {
  const { admin } = local;
  return (await tokensFor(admin.email, admin.password, admin.totpSecret)).idToken;
}

/** The emails in the local outbox addressed to `email`, oldest first. */
export async function outboxFor(email: string): Promise<OutboxEmail[]> {
  const response = await call('/_local/outbox', { method: 'GET' });
  return (response.body.emails as OutboxEmail[]).filter((mail) => mail.to.includes(email));
}

/** The temporary passwords of every invitation `email` received, oldest first (each checked to be in the email's text). */
export async function temporaryPasswordsFor(email: string): Promise<string[]> {
  const invitations = (await outboxFor(email)).filter((mail) => mail.temporaryPassword !== undefined);
  for (const mail of invitations) expect(mail.body).toContain(mail.temporaryPassword);
  return invitations.map((mail) => mail.temporaryPassword as string);
}

/**
 * A first sign-in as the app does it: POST /auth/new-password (temporary -> own password), then the
 * MFA_SETUP challenge answered with Cognito's public APIs and a real TOTP code.
 */
export async function completeFirstSignIn(email: string, temporaryPassword: string, newPassword: string) {
  const response = await call('/auth/new-password', { body: { username: email, temporaryPassword, newPassword } });
  if (response.status !== 200 || response.body.challengeName !== 'MFA_SETUP') {
    throw new Error(`first sign-in of ${email} answered ${response.status} ${JSON.stringify(response.body)}`);
  }
  return completeMfaSetup(cognito, { clientId: local.clientId, username: email, session: response.body.session });
}
