import {
  AdminDeleteUserCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { CognitoIdentityProvider } from '../../lambdas/adapters/cognito/cognito-identity-provider';
import { DynamoUserRepository } from '../../lambdas/adapters/dynamodb/dynamo-user-repository';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { logger } from '../../lambdas/shared/logger';
import { randomIds, systemClock } from '../../lambdas/shared/runtime';
import { completeMfaSetup } from '../../local/mfa-setup';
import { totp } from '../../local/totp';
import { cognitoPermanentPassword } from '../../scripts/seed/permanent-password';
import { SAMPLE_PRACTITIONERS, seedPractitioners } from '../../scripts/seed/practitioners';
import { INVITATION_MESSAGE } from '../../lib/user-pool-settings';
import { srpSignIn } from '../../local/srp-client';
import type { Stage, StageAdmin, StageEmail } from './stage';

/**
 * The core scenarios of the product, over HTTP(S) only, as the web app and a person with a mailbox
 * and an authenticator app would run them. The same functions run against the local API in
 * `npm test` (test/e2e/smoke-scenarios.test.ts) and against a deployed stage in
 * `npm run test:deployed` (test/deployed/), so the harness is proven before it meets AWS.
 */

const NEW_PASSWORD = 'Smoke-Test-Passw0rd-1!';

export interface ApiAnswer {
  readonly status: number;
  readonly body: any;
}

/** One API call as a client makes it; `idToken` goes into Authorization unchanged. */
export async function callApi(stage: Stage, method: 'GET' | 'POST', path: string, options: { body?: unknown; idToken?: string } = {}): Promise<ApiAnswer> {
  const response = await fetch(`${stage.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.idToken ? { authorization: options.idToken } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Authenticator codes already answered, per secret: Cognito refuses a code used once, so the next sign-in waits for a new one. */
const usedCodes = new Map<string, string>();

/** The authenticator's current code, waiting for the next time step when this one was used already. */
async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const code = totp(secret);
    if (usedCodes.get(secret) !== code) {
      usedCodes.set(secret, code);
      return code;
    }
    await sleep(1_000);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An SRP sign-in on the web client, then the TOTP challenge: the web app's sign-in. */
export async function signIn(stage: Stage, person: StageAdmin): Promise<AuthenticationResultType> {
  const verified = await srpSignIn({
    cognito: stage.cognito,
    userPoolId: stage.userPoolId,
    clientId: stage.webClientId,
    username: person.email,
    password: person.password,
  });
  if (verified.ChallengeName !== 'SOFTWARE_TOKEN_MFA') throw new Error(`sign-in of ${person.email} answered ${verified.ChallengeName ?? 'tokens without MFA'}`);
  const answered = await stage.cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: stage.webClientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: verified.Session,
      ChallengeResponses: {
        USERNAME: verified.ChallengeParameters?.USER_ID_FOR_SRP ?? person.email,
        SOFTWARE_TOKEN_MFA_CODE: await freshCode(person.totpSecret),
      },
    }),
  );
  if (!answered.AuthenticationResult) throw new Error(`the TOTP step of ${person.email} answered ${answered.ChallengeName}`);
  return answered.AuthenticationResult;
}

/** The emails to `address` once there are more than `already`, waiting up to the stage's delivery time. */
export async function awaitEmails(stage: Stage, address: string, already: number): Promise<StageEmail[]> {
  const deadline = Date.now() + stage.emailWaitMs;
  for (;;) {
    const emails = await stage.emailsTo(address);
    if (emails.length > already) return emails;
    if (Date.now() > deadline) throw new Error(`no new email reached ${address} within ${stage.emailWaitMs} ms`);
    await sleep(Math.min(2_000, stage.emailWaitMs / 10));
  }
}

/** Whether an email is Cognito's invitation (lib/user-pool-settings.ts INVITATION_MESSAGE). */
const isInvitation = (email: StageEmail) => email.subject === INVITATION_MESSAGE.subject;

/** The temporary password of Cognito's invitation. */
export function temporaryPasswordIn(email: StageEmail): string {
  const password = /temporary password (\S+) within/.exec(email.body)?.[1];
  if (!password) throw new Error(`no temporary password in "${email.subject}"`);
  return password
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The recovery link's token, from the fragment of the link in the email. */
export function recoveryTokenIn(email: StageEmail): string {
  const link = /href="([^"]+#token=[^"]+)"/.exec(email.body)?.[1]?.replace(/&amp;/g, '&');
  const token = link && new URLSearchParams(new URL(link).hash.slice(1)).get('token');
  if (!token) throw new Error(`no recovery link in "${email.subject}"`);
  return token;
}

/**
 * The first sign-in as the web app does it: POST /auth/new-password (temporary -> own password,
 * answered MFA_SETUP), then an SRP sign-in on the web client with the new password and the
 * authenticator set up from Cognito's secret.
 */
export async function firstSignIn(stage: Stage, email: string, invitation: StageEmail): Promise<{ person: StageAdmin; tokens: AuthenticationResultType }> {
  const answered = await callApi(stage, 'POST', '/auth/new-password', {
    body: { username: email, temporaryPassword: temporaryPasswordIn(invitation), newPassword: NEW_PASSWORD },
  });
  expect(answered).toMatchObject({ status: 200, body: { challengeName: 'MFA_SETUP' } });
  const verified = await srpSignIn({
    cognito: stage.cognito,
    userPoolId: stage.userPoolId,
    clientId: stage.webClientId,
    username: email,
    password: NEW_PASSWORD,
  });
  expect(verified.ChallengeName).toBe('MFA_SETUP');
  const { secret, tokens } = await completeMfaSetup(stage.cognito, {
    clientId: stage.webClientId,
    username: verified.ChallengeParameters?.USER_ID_FOR_SRP ?? email,
    session: verified.Session as string,
  });
  usedCodes.set(secret, totp(secret));
  return { person: { email, password: NEW_PASSWORD, totpSecret: secret }, tokens };
}

/** A practitioner with a license, a permanent password and an enrolled authenticator, made with the seeding code. */
export async function seedPractitioner(stage: Stage, email: string) {
  const { operator } = stage;
  const identity = new CognitoIdentityProvider(operator.cognito, { userPoolId: stage.userPoolId, clientId: stage.webClientId });
  const users = new DynamoUserRepository(operator.documents, operator.tableName);
  const { password, licenses } = SAMPLE_PRACTITIONERS[0];
  const [seeded] = await seedPractitioners(
    { identity, setPermanentPassword: cognitoPermanentPassword(operator.cognito, stage.userPoolId), users, clock: systemClock, newId: randomIds, logger },
    [{ email, password, licenses }],
  );
  const verified = await srpSignIn({ cognito: stage.cognito, userPoolId: stage.userPoolId, clientId: stage.webClientId, username: email, password });
  const { secret } = await completeMfaSetup(stage.cognito, {
    clientId: stage.webClientId,
    username: verified.ChallengeParameters?.USER_ID_FOR_SRP ?? email,
    session: verified.Session as string,
  });
  usedCodes.set(secret, totp(secret));
  return { email, password, totpSecret: secret, userId: seeded.userId, license: licenses[0] };
}

/** What one run created, for `cleanUp`, and the acting admin's ID token. */
export interface SmokeRun {
  readonly addresses: string[];
  adminIdToken?: string;
}

/**
 * Provision an admin, their first sign-in with TOTP, an admin MFA reset with their second first
 * sign-in, then deactivation (their still-valid token refused, their sign-in refused).
 */
export async function adminLifecycle(stage: Stage, run: SmokeRun): Promise<void> {
  const idToken = (await signIn(stage, stage.admin)).IdToken as string;
  run.adminIdToken = idToken;
  const email = stage.newAddress('smoke-admin');
  run.addresses.push(email);

  const created = await callApi(stage, 'POST', '/admins', { idToken, body: { email } });
  expect(created).toMatchObject({ status: 201, body: { userId: expect.any(String) } });
  const { userId } = created.body;
  const [invitation] = await awaitEmails(stage, email, 0);
  // The tokens of the MFA set-up are a full sign-in: the new admin may use the admin routes.
  const first = await firstSignIn(stage, email, invitation);
  expect((await callApi(stage, 'GET', '/admins', { idToken: first.tokens.IdToken })).status).toBe(200);

  // An admin MFA reset: their factor goes, a new invitation comes, and the next first sign-in sets up a new one.
  const reset = await callApi(stage, 'POST', `/users/${userId}/mfa-reset`, { idToken, body: { reason: 'Smoke test: lost phone' } });
  expect(reset).toMatchObject({ status: 202, body: { userId, status: 'MFA_RESET' } });
  const emails = await awaitEmails(stage, email, 1);
  const again = await firstSignIn(stage, email, emails.filter(isInvitation).at(-1) as StageEmail);

  const deactivated = await callApi(stage, 'POST', `/admins/${userId}/deactivate`, { idToken });
  expect(deactivated).toMatchObject({ status: 200, body: { userId, status: 'DEACTIVATED' } });
  // Their token is still valid for Cognito's authorizer, and refused by the in-code check.
  expect((await callApi(stage, 'GET', '/admins', { idToken: again.tokens.IdToken })).status).toBe(403);
  await expect(
    srpSignIn({ cognito: stage.cognito, userPoolId: stage.userPoolId, clientId: stage.webClientId, username: email, password: again.person.password }),
  ).rejects.toMatchObject({
    name: 'NotAuthorizedException',
  });
}

/** Self-serve MFA recovery: password + license data, the emailed link, the notice, a new authenticator; the link works once. */
export async function selfServeRecovery(stage: Stage, run: SmokeRun): Promise<void> {
  const email = stage.newAddress('smoke-practitioner');
  run.addresses.push(email);
  const practitioner = await seedPractitioner(stage, email);

  const requested = await callApi(stage, 'POST', '/mfa-recovery/request', {
    body: { username: email, password: practitioner.password, license: practitioner.license },
  });
  expect(requested).toMatchObject({ status: 202, body: { status: 'REQUESTED' } });
  const [linkEmail] = await awaitEmails(stage, email, 0);
  const token = recoveryTokenIn(linkEmail);

  const confirmed = await callApi(stage, 'POST', '/mfa-recovery/confirm', { body: { token } });
  expect(confirmed).toMatchObject({ status: 200, body: { status: 'RECOVERED' } });
  const after = await awaitEmails(stage, email, 1);
  const invitation = after.find(isInvitation);
  expect(invitation, 'the re-invitation').toBeDefined();
  expect(
    after.some((mail) => mail !== linkEmail && mail !== invitation),
    'the recovery notice',
  ).toBe(true);
  const recovered = await firstSignIn(stage, email, invitation as StageEmail);
  expect(recovered.tokens.IdToken).toEqual(expect.any(String));

  const reused = await callApi(stage, 'POST', '/mfa-recovery/confirm', { body: { token } });
  expect(reused.status).toBeGreaterThanOrEqual(400);
  expect(reused.status).toBeLessThan(500);
}

/**
 * Removes what a run created: each address's Cognito user and database items (an admin still
 * active is deactivated through the API first, so the admin count stays true). Audit records stay:
 * they are append-only and expire by TTL.
 */
export async function cleanUp(stage: Stage, run: SmokeRun): Promise<void> {
  const { operator } = stage;
  for (const email of run.addresses) {
    const claim = await operator.documents.send(
      new QueryCommand({ TableName: operator.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.email(email).pk } }),
    );
    const userId = claim.Items?.[0]?.userId as string | undefined;
    if (userId) {
      // Refused (404/409) for a practitioner or an admin already deactivated, as it should be.
      if (run.adminIdToken) await callApi(stage, 'POST', `/admins/${userId}/deactivate`, { idToken: run.adminIdToken });
      const items = await operator.documents.send(
        new QueryCommand({ TableName: operator.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.user(userId).pk } }),
      );
      const doomed = [...(items.Items ?? []), ...(claim.Items ?? [])].map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
      for (let i = 0; i < doomed.length; i += 25) {
        await operator.documents.send(new BatchWriteCommand({ RequestItems: { [operator.tableName]: doomed.slice(i, i + 25) } }));
      }
    }
    await deleteCognitoUser(operator.cognito, stage.userPoolId, email);
  }
}

async function deleteCognitoUser(cognito: CognitoIdentityProviderClient, userPoolId: string, email: string): Promise<void> {
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundException') throw error;
  }
}
