import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createHash, createHmac } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { CognitoIdentityProvider } from '../../lambdas/adapters/cognito/cognito-identity-provider';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { MFA_RECOVERY_DEFAULTS } from '../../lambdas/mfa-recovery/settings';
import { mfaResetNotice } from '../../lambdas/admin/mfa-reset-notice';
import { resetFactorInPlace } from '../../lambdas/mfa-recovery/reset-factor-in-place';
import { secureRandomBytes } from '../../lambdas/shared/runtime';
import { completeMfaSetup } from '../../local/mfa-setup';
import { handlerEnvironment, stackPropsFromCdkJson } from '../../local/environment';
import { assumeFunctionRole, functionRoleName, synthesizeFunctionRoles } from '../../local/function-roles';
import { bundleFunctions, type FunctionBundles, type LocalFunction, startFunctionAsItsRole } from '../../local/function-runtime';
import { cognitoAuthorizer } from '../../local/authorizer';
import { lambdaContext, toProxyEvent } from '../../local/proxy-event';
import { FUNCTION_TIMEOUT_MS } from '../../local/server';
import { EMULATOR_ADMIN_CREDENTIALS } from '../../local/moto-server';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { cognito, cognitoUser, cognitoUserCount, groupsOf, local, seedPractitioner, sesEmailsTo, tableItem, uniqueEmail, userRecord } from './support/emulator';
import { adminToken, call, completeFirstSignIn, signIn, temporaryPasswordsFor, tokensFor, withinOneAttemptWindow } from './support/local-api';

const NEW_PASSWORD = 'Recovered-Passw0rd-9!';
const GROUP = 'reviewers';

/** The one answer every well-formed request gets (post-mfa-recovery-request.ts), whatever happened. */
const REQUESTED = { status: 'REQUESTED', message: expect.stringMatching(/^If the details match an account, a recovery link has been emailed/) };

const emulator = { endpoint: local.emulatorEndpoint, region: local.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const identity = new CognitoIdentityProvider(cognito, { userPoolId: local.userPoolId, clientId: local.clientId });

/** The recovery link in an email body, and its token (from the fragment). */
function recoveryLinkIn(body: string): { link: string; token: string } {
  const link = /href="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');
  const token = link === undefined ? null : new URLSearchParams(new URL(link).hash.slice(1)).get('token');
  if (!link || !token) throw new Error(`no recovery link in: ${body}`);
  return { link, token };
}

/**
 * A practitioner as real ones are: seeded with a license, signed in once with a TOTP factor enrolled, a
 * name, a group, and a live session (its refresh token).
 */
async function furnishedPractitioner() {
  const email = uniqueEmail('practitioner');
  const { password, licenses } = SAMPLE_PRACTITIONERS[0];
  const seeded = await seedPractitioner({ email, password, licenses });
  const challenge = await identity.passwordAuth(email, password);
  if (challenge.kind !== 'challenge') throw new Error('expected MFA_SETUP');
  const { secret } = await completeMfaSetup(cognito, { clientId: local.clientId, username: email, session: challenge.session });
  await cognito.send(
    new AdminUpdateUserAttributesCommand({ UserPoolId: local.userPoolId, Username: email, UserAttributes: [{ Name: 'given_name', Value: 'Ada' }] }),
  );
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: local.userPoolId, Username: email, GroupName: GROUP }));
  const session = (await signIn(email, password, secret)).body.tokens;
  expect(session.refreshToken).toEqual(expect.any(String));
  return { email, password, license: licenses[0], userId: seeded.userId, refreshToken: session.refreshToken as string, before: await cognitoUser(email) };
}

/** Requests a link through the local API and returns its token. */
async function requestLink(email: string, password: string, license: unknown): Promise<string> {
  const sentBefore = (await sesEmailsTo(email)).length;
  const requested = await call('/mfa-recovery/request', { body: { username: email, password, license } });
  expect(requested.status).toBe(202);
  expect(requested.body).toEqual(REQUESTED);
  const sent = await sesEmailsTo(email);
  expect(sent).toHaveLength(sentBefore + 1);
  const { link, token } = recoveryLinkIn(sent[sent.length - 1].body);
  // Locally the recovery page is the web app's, on the local API's origin; the token is in the fragment.
  expect(link.startsWith(`${local.apiUrl}${WEB_PAGES.mfaRecoveryConfirm}#token=`)).toBe(true);
  return token;
}

/** REFRESH_TOKEN_AUTH with Cognito's public API, as an app refreshing its session does. */
async function refresh(refreshToken: string): Promise<unknown> {
  return cognito
    .send(new InitiateAuthCommand({ ClientId: local.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }))
    .catch((error: Error) => error);
}

/** After recovery: the old password and session refused; temporary password -> new password -> MFA_SETUP -> new TOTP -> tokens. */
async function expectFreshSignIn(practitioner: { email: string; password: string; refreshToken: string }) {
  const { email } = practitioner;
  expect(await refresh(practitioner.refreshToken)).toMatchObject({ name: 'NotAuthorizedException' });
  expect((await signIn(email, practitioner.password)).status).toBe(401);
  const temporaryPassword = (await temporaryPasswordsFor(email)).pop() as string;
  const { secret } = await completeFirstSignIn(email, temporaryPassword, NEW_PASSWORD);
  expect((await cognitoUser(email)).UserStatus).toBe('CONFIRMED');
  expect((await tokensFor(email, NEW_PASSWORD, secret)).idToken).toEqual(expect.any(String));
}

beforeAll(async () => {
  await cognito.send(new CreateGroupCommand({ UserPoolId: local.userPoolId, GroupName: GROUP })).catch((error: Error) => {
    if (error.name !== 'GroupExistsException') throw error;
  });
});

describe('MFA recovery of a practitioner (strategy reset, the local API as deployed)', () => {
  it('keeps sub, group, attributes and link; the old session and password are refused; a new sign-in enrols a new TOTP', async () => {
    const practitioner = await furnishedPractitioner();
    const { email, userId, before } = practitioner;
    const token = await requestLink(email, practitioner.password, practitioner.license);

    const confirmed = await call('/mfa-recovery/confirm', { body: { token } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('RECOVERED');

    const after = await cognitoUser(email);
    expect(after.Username).toBe(before.Username);
    expect(after.attributes).toMatchObject({ sub: before.attributes.sub, given_name: 'Ada', 'custom:userId': userId, email });
    expect(after.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(after.UserMFASettingList ?? []).toEqual([]);
    expect(await groupsOf(email)).toEqual([GROUP]);
    expect(await userRecord(userId)).toMatchObject({ cognitoSub: before.attributes.sub, cognitoUsername: before.Username });
    expect((await sesEmailsTo(email)).at(-1)?.subject).toBe('Your sign-in security (MFA) was reset');

    await expectFreshSignIn(practitioner);
    expect((await cognitoUser(email)).attributes.sub).toBe(before.attributes.sub);

    // The account's audit trail (newest first): the link, the recovery (with its strategy), the new password; all by the user.
    const trail = await call(`/users/${userId}/audit`, { method: 'GET', token: await adminToken() });
    expect(trail.status).toBe(200);
    expect(trail.body.events.map((event: { event: string }) => event.event)).toEqual(['FIRST_SIGN_IN_COMPLETED', 'RECOVERY_COMPLETED', 'RECOVERY_LINK_ISSUED']);
    for (const event of trail.body.events) {
      expect(event).toMatchObject({ userId, actor: userId, sourceIp: '127.0.0.1', outcome: 'SUCCESS', correlationId: expect.any(String) });
    }
    expect(trail.body.events[1].details).toEqual({ strategy: 'reset', resumed: 'false' });
    expect(JSON.stringify(trail.body)).not.toContain(token);

    const reused = await call('/mfa-recovery/confirm', { body: { token } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('INVALID_RECOVERY_TOKEN');
  });

  it('leaves an account disabled after its link was issued exactly as it was: password, session, factor; retries too', async () => {
    const practitioner = await furnishedPractitioner();
    const { email } = practitioner;
    const token = await requestLink(email, practitioner.password, practitioner.license);
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: local.userPoolId, Username: email }));
    const { $metadata: _before, ...before } = await cognitoUser(email);

    for (const attempt of [1, 2]) {
      const refused = await call('/mfa-recovery/confirm', { body: { token } });
      expect(refused.status, `attempt ${attempt}`).toBe(409);
      const { $metadata: _after, ...after } = await cognitoUser(email);
      expect(after, `attempt ${attempt}`).toEqual(before);
      expect(after.UserStatus).toBe('CONFIRMED');
    }
    // Re-enabled by its admin, the account signs in with its own password and session, as before.
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: local.userPoolId, Username: email }));
    expect(await refresh(practitioner.refreshToken)).toMatchObject({ AuthenticationResult: expect.any(Object) });
    expect((await identity.passwordAuth(email, practitioner.password)).kind).toBe('challenge');
  });

  it('answers a wrong password, a wrong license and an unknown user with the same 202, and sends nothing', async () => {
    const practitioner = SAMPLE_PRACTITIONERS[1];
    const { email, password } = practitioner;
    const license = practitioner.licenses[0];
    const stranger = uniqueEmail('stranger');
    const subBefore = (await cognitoUser(email)).attributes.sub;
    const sentBefore = (await sesEmailsTo(email)).length;

    const responses = await Promise.all([
      call('/mfa-recovery/request', { body: { username: email, password: `${password}-wrong`, license } }),
      call('/mfa-recovery/request', { body: { username: email, password, license: { ...license, licenseNumber: '999999' } } }),
      call('/mfa-recovery/request', { body: { username: stranger, password, license } }),
    ]);

    for (const response of responses) {
      expect(response.status).toBe(202);
      expect(response.body).toEqual(REQUESTED);
      expect(response.body).toEqual(responses[0].body);
    }
    expect(await sesEmailsTo(email)).toHaveLength(sentBefore);
    expect(await sesEmailsTo(stranger)).toHaveLength(0);
    expect((await cognitoUser(email)).attributes.sub).toBe(subBefore);
    expect(await cognitoUserCount(stranger)).toBe(0);
  });
});

describe('the in-place factor reset on the emulator (AdminDeleteSoftwareToken as documented)', () => {
  it('converges when called twice: the second finds no factor (ResourceNotFoundException) and still re-invites', async () => {
    const practitioner = await furnishedPractitioner();
    // As the confirm function's own role (the local API's), so a call it may not make fails here too.
    const admin = { endpoint: local.emulatorEndpoint, region: local.region, credentials: EMULATOR_ADMIN_CREDENTIALS };
    const credentials = await assumeFunctionRole(new STSClient(admin), 'post-mfa-recovery-confirm');
    const asConfirm = new CognitoIdentityProvider(new CognitoIdentityProviderClient({ ...admin, credentials }), {
      userPoolId: local.userPoolId,
      clientId: local.clientId,
    });
    const reset = () => resetFactorInPlace({ identity: asConfirm, randomBytes: secureRandomBytes }, practitioner.before.Username as string);

    await reset();
    await reset();

    const after = await cognitoUser(practitioner.email);
    expect(after).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', UserMFASettingList: [], Enabled: true });
    expect(after.attributes).toEqual(practitioner.before.attributes);
    expect(await temporaryPasswordsFor(practitioner.email)).toHaveLength(2);
    await expectFreshSignIn(practitioner);
  });
});

describe('MFA recovery attempt counters on the local API', () => {
  it('are keyed by HMAC under the deployment key the local API created in Secrets Manager, never by the plain SHA-256 of the IP', async () => {
    const { SecretString: key } = await new SecretsManagerClient(emulator).send(new GetSecretValueCommand({ SecretId: local.rateLimitKeySecretArn }));
    expect(key?.length).toBeGreaterThanOrEqual(32);
    const subject = 'mfa-request-ip:127.0.0.1';
    const window = MFA_RECOVERY_DEFAULTS.RECOVERY_LIMIT_WINDOW_SECONDS;
    // The request (behind its 5 s response floor) must count in the window computed here.
    await withinOneAttemptWindow(window, 30);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(
      (
        await call('/mfa-recovery/request', {
          body: { username: uniqueEmail('counter'), password: 'Any-Passw0rd-1', license: SAMPLE_PRACTITIONERS[0].licenses[0] },
        })
      ).status,
    ).toBe(202);
    const windowStart = nowSeconds - (nowSeconds % window);
    const keyed = createHmac('sha256', key as string)
      .update(subject)
      .digest('hex');
    const plain = createHash('sha256').update(subject).digest('hex');
    expect(await tableItem(keys.attemptCounter(keyed, windowStart))).toMatchObject({ entity: 'AttemptCounter', attempts: expect.any(Number) });
    expect(await tableItem(keys.attemptCounter(plain, windowStart))).toBeUndefined();
  });
});

describe('MFA recovery and the admin MFA reset with strategy recreate (their functions as deployed so, each in its worker as its own role, on the same emulator)', () => {
  // The local API serves the stack as cdk.json configures it (reset). The two functions that differ
  // with `-c mfaRecoveryStrategy=recreate` run here as that deployment's: their handlers bundled as
  // CDK bundles them, each in its own worker with the environment the recreate template gives it and
  // a role carrying that template's statements (`local-<function>-recreate`), started as the local
  // API starts its own (local/function-runtime.ts). A call that role does not allow fails here with
  // AccessDenied, as in AWS.
  const CONFIRM = 'post-mfa-recovery-confirm';
  const MFA_RESET = 'post-users-mfa-reset';
  let bundles: FunctionBundles;
  let recreateConfirm: LocalFunction;
  let recreateMfaReset: LocalFunction;
  beforeAll(async () => {
    const admin = { endpoint: local.emulatorEndpoint, region: local.region, credentials: EMULATOR_ADMIN_CREDENTIALS };
    bundles = await bundleFunctions([CONFIRM, MFA_RESET]);
    const launcher = {
      bundles,
      stack: synthesizeFunctionRoles({ mfaRecoveryStrategy: 'recreate' }),
      resources: local,
      environment: handlerEnvironment(local, { ...stackPropsFromCdkJson(), mfaRecoveryStrategy: 'recreate' }, local.apiUrl),
      emulatorEndpoint: local.emulatorEndpoint,
      roleClients: { iam: new IAMClient(admin), sts: new STSClient(admin) },
    };
    [recreateConfirm, recreateMfaReset] = await Promise.all(
      [CONFIRM, MFA_RESET].map((handlerFile) => startFunctionAsItsRole(launcher, handlerFile, `${functionRoleName(handlerFile)}-recreate`)),
    );
    await Promise.all([recreateConfirm.ready, recreateMfaReset.ready]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([recreateConfirm?.stop(), recreateMfaReset?.stop()]);
    bundles?.remove();
  });

  /** The event API Gateway gives a route's function: the local API's own, with the authorizer's claims of `token`. */
  async function routeEvent(method: string, resourcePath: string, pathParameters: Record<string, string>, body: unknown, token?: string) {
    const claims = token
      ? await cognitoAuthorizer({ endpoint: local.emulatorEndpoint, userPoolId: local.userPoolId, clientIds: [local.clientId, local.webClientId] })(token)
      : undefined;
    const path = Object.entries(pathParameters).reduce((at, [name, value]) => at.replace(`{${name}}`, value), resourcePath);
    const request = {
      method,
      path,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      sourceIp: '127.0.0.1',
      pathParameters,
    };
    return toProxyEvent(request, resourcePath, claims);
  }

  it('gives a new sub with the same group, attributes and custom:userId, relinked; then the same fresh sign-in', async () => {
    const practitioner = await furnishedPractitioner();
    const { email, userId, before } = practitioner;
    const token = await requestLink(email, practitioner.password, practitioner.license);

    const confirmed = await recreateConfirm.invoke(
      await routeEvent('POST', '/mfa-recovery/confirm', {}, { token }),
      lambdaContext(CONFIRM, FUNCTION_TIMEOUT_MS),
    );
    expect(confirmed.statusCode).toBe(200);

    const after = await cognitoUser(email);
    expect(after.attributes.sub).not.toBe(before.attributes.sub);
    expect(after.attributes).toMatchObject({ given_name: 'Ada', 'custom:userId': userId, email });
    expect(await groupsOf(email)).toEqual([GROUP]);
    expect(await cognitoUserCount(email)).toBe(1);
    expect(await userRecord(userId)).toMatchObject({ cognitoSub: after.attributes.sub, cognitoUsername: after.Username });

    await expectFreshSignIn(practitioner);
  });

  it('an admin MFA reset: the same faithful copy (new sub; group, attributes, custom:userId kept), relinked, audited with the strategy; then the same fresh sign-in', async () => {
    const practitioner = await furnishedPractitioner();
    const { email, userId, before } = practitioner;
    const noticesBefore = (await sesEmailsTo(email)).length;

    const reset = await recreateMfaReset.invoke(
      await routeEvent('POST', '/users/{userId}/mfa-reset', { userId }, { reason: 'Lost phone; identity confirmed on a call' }, await adminToken()),
      lambdaContext(MFA_RESET, FUNCTION_TIMEOUT_MS),
    );
    expect(reset.statusCode).toBe(202);

    const after = await cognitoUser(email);
    expect(after.attributes.sub).not.toBe(before.attributes.sub);
    expect(after.attributes).toMatchObject({ given_name: 'Ada', 'custom:userId': userId, email });
    expect(after.Enabled).toBe(true);
    expect(await groupsOf(email)).toEqual([GROUP]);
    expect(await cognitoUserCount(email)).toBe(1);
    const relinked = await userRecord(userId);
    expect(relinked).toMatchObject({ cognitoSub: after.attributes.sub, cognitoUsername: after.Username });
    expect(relinked?.recreateSnapshot).toBeUndefined();
    expect((await sesEmailsTo(email)).slice(noticesBefore).map((sent) => sent.subject)).toContain(mfaResetNotice(email).subject);
    const trail = await call(`/users/${userId}/audit`, { method: 'GET', token: await adminToken() });
    expect(trail.body.events[0]).toMatchObject({
      event: 'ADMIN_MFA_RESET',
      actor: local.admin.userId,
      details: { reason: 'Lost phone; identity confirmed on a call', strategy: 'recreate' },
    });

    await expectFreshSignIn(practitioner);
  });
});
