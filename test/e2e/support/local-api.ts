import { request as httpRequest } from 'node:http';
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
 * `sourceIp` (a loopback address, e.g. 127.0.0.2) is the address the request is sent from: the
 * local API takes a request's source IP from its connection, as API Gateway does.
 * Every answer of an API route is held to docs/openapi.json.
 */
export async function call(path: string, options: { body?: unknown; token?: string; method?: string; sourceIp?: string } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token !== undefined) headers.authorization = options.token;
  const method = options.method ?? 'POST';
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const { status, text, responseHeaders } =
    options.sourceIp === undefined
      ? await fetch(`${local.apiUrl}${path}`, { method, headers, body: payload }).then(async (response) => ({
          status: response.status,
          text: await response.text(),
          responseHeaders: response.headers,
        }))
      : await sendFrom(options.sourceIp, `${local.apiUrl}${path}`, method, headers, payload);
  const body = text ? JSON.parse(text) : undefined;
  expectDocumentedAnswer(method, path, status, body);
  return { status, body, headers: responseHeaders };
}

/** One HTTP request from the local address `sourceIp` (fetch cannot choose it). */
function sendFrom(sourceIp: string, url: string, method: string, headers: Record<string, string>, payload?: string) {
  return new Promise<{ status: number; text: string; responseHeaders: Headers }>((resolve, reject) => {
    const sent = httpRequest(url, { method, headers, localAddress: sourceIp }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), responseHeaders });
      });
    });
    sent.on('error', reject);
    sent.end(payload);
  });
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

/** The code of the newest password reset (ForgotPassword) Cognito emailed to `email`, checked to be in the email's text. */
export async function newestResetCodeFor(email: string): Promise<string | undefined> {
  const mail = (await outboxFor(email)).filter((sent) => sent.confirmationCode !== undefined).pop();
  if (mail) expect(mail.body).toContain(mail.confirmationCode);
  return mail?.confirmationCode;
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

/**
 * Waits, if need be, until at least `seconds` are left in the current attempt window of
 * `windowSeconds`. The attempt counters use fixed windows aligned to the epoch
 * (lambdas/adapters/dynamodb/dynamo-rate-limiter.ts), so a run of attempts that crosses a window's
 * end starts counting again: a test that counts attempts starts where they all fit in one window.
 */
export async function withinOneAttemptWindow(windowSeconds: number, seconds: number): Promise<void> {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left * 1000) + 1_000));
}
