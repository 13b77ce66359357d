import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { CognitoIdentityProvider } from '../../lambdas/adapters/cognito/cognito-identity-provider';
import { DynamoRateLimiter } from '../../lambdas/adapters/dynamodb/dynamo-rate-limiter';
import { DynamoAdminDirectory } from '../../lambdas/adapters/dynamodb/dynamo-admin-directory';
import { DynamoAuditTrail } from '../../lambdas/adapters/dynamodb/dynamo-audit-trail';
import { DynamoRecoveryTokens } from '../../lambdas/adapters/dynamodb/dynamo-recovery-tokens';
import { DynamoUserRepository } from '../../lambdas/adapters/dynamodb/dynamo-user-repository';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { MFA_RECOVERY_DEFAULTS } from '../../lambdas/mfa-recovery/settings';
import { SecretKeyedHash } from '../../lambdas/adapters/secrets-manager/secret-keyed-hash';
import { SesMailer } from '../../lambdas/adapters/ses/ses-mailer';
import { mfaResetNotice } from '../../lambdas/admin/mfa-reset-notice';
import { postUsersMfaResetFlows } from '../../lambdas/admin/post-users-mfa-reset';
import { postMfaRecoveryConfirmRoute } from '../../lambdas/mfa-recovery/post-mfa-recovery-confirm-route';
import { postMfaRecoveryConfirmFlows } from '../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { resetFactorInPlace } from '../../lambdas/mfa-recovery/reset-factor-in-place';
import { logger } from '../../lambdas/shared/logger';
import { secureRandomBytes, systemClock, timerSleep } from '../../lambdas/shared/runtime';
import { completeMfaSetup } from '../../local/mfa-setup';
import { stackPropsFromCdkJson } from '../../local/environment';
import { assumeFunctionRole, createFunctionRole, functionRoleName, resolveStatements, synthesizeFunctionRoles } from '../../local/function-roles';
import { EMULATOR_ADMIN_CREDENTIALS } from '../../local/moto-server';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { apiEvent } from '../support/events';
import { cognito, cognitoUser, cognitoUserCount, groupsOf, local, seedPractitioner, sesEmailsTo, tableItem, uniqueEmail, userRecord } from './support/emulator';
import { adminToken, call, completeFirstSignIn, signIn, temporaryPasswordsFor, tokensFor } from './support/local-api';
import { NO_BUSINESS_METRICS } from '../../lambdas/ports/business-metrics';

const NEW_PASSWORD = 'Recovered-Passw0rd-9!';
const AUDIT_TABLE = { tableName: local.auditTableName, retentionDays: 400 };
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

describe('MFA recovery and the admin MFA reset with strategy recreate (their functions in this process, each as its own role, on the same emulator)', () => {
  // The local API serves the stack as cdk.json configures it (reset); a confirm function deployed with
  // `-c mfaRecoveryStrategy=recreate` is this route, built from the same adapters over the emulator and
  // signing as that deployment's role: the statements the recreate template gives the confirm
  // function, as `local-post-mfa-recovery-confirm-recreate` (local/function-roles.ts). A call that role does
  // not allow fails here with AccessDenied, as in AWS. The admin MFA reset's flow runs the same way,
  // as `local-post-users-mfa-reset-recreate`.
  const CONFIRM = 'post-mfa-recovery-confirm';
  const MFA_RESET = 'post-users-mfa-reset';
  let recreateConfirm: ReturnType<typeof postMfaRecoveryConfirmRoute>;
  let recreateMfaReset: ReturnType<typeof postUsersMfaResetFlows>['postUsersMfaReset'];
  beforeAll(async () => {
    const stack = synthesizeFunctionRoles({ mfaRecoveryStrategy: 'recreate' });
    const admin = { endpoint: local.emulatorEndpoint, region: local.region, credentials: EMULATOR_ADMIN_CREDENTIALS };
    /** Client settings signing as `handlerFile`'s role in the recreate template. */
    const signingAs = async (handlerFile: string) => {
      const fn = stack.functions.find((candidate) => candidate.handlerFile === handlerFile);
      if (!fn) throw new Error(`the recreate template has no ${handlerFile} function`);
      const credentials = await createFunctionRole(
        { iam: new IAMClient(admin), sts: new STSClient(admin) },
        handlerFile,
        resolveStatements(stack, fn, local),
        `${functionRoleName(handlerFile)}-recreate`,
      );
      const config = { endpoint: local.emulatorEndpoint, region: local.region, credentials };
      const documents = DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
      const limiter = new DynamoRateLimiter(
        documents,
        local.tableName,
        systemClock,
        new SecretKeyedHash(new SecretsManagerClient(config), local.rateLimitKeySecretArn),
      );
      return {
        documents,
        limiter,
        identity: new CognitoIdentityProvider(new CognitoIdentityProviderClient(config), { userPoolId: local.userPoolId, clientId: local.clientId }),
        users: new DynamoUserRepository(documents, local.tableName),
        mailer: new SesMailer(new SESv2Client(config), stackPropsFromCdkJson().senderEmail),
      };
    };
    const asConfirm = await signingAs(CONFIRM);
    // httpRoute reads the CORS origin at cold start, as the deployed function does; locally the web
    // app (the frontend) is served on the local API's own origin.
    vi.stubEnv('FRONTEND_ORIGIN', new URL(local.apiUrl).origin);
    recreateConfirm = postMfaRecoveryConfirmRoute(
      postMfaRecoveryConfirmFlows({
        identity: asConfirm.identity,
        users: asConfirm.users,
        tokens: new DynamoRecoveryTokens(asConfirm.documents, local.tableName, AUDIT_TABLE),
        limiter: asConfirm.limiter,
        mailer: asConfirm.mailer,
        metrics: NO_BUSINESS_METRICS,
        clock: systemClock,
        sleep: timerSleep,
        randomBytes: secureRandomBytes,
        logger,
        settings: { strategy: 'recreate', minResponseMs: 0, perIpLimit: { max: 20, windowSeconds: 3600 }, coolingOffMs: 7 * 24 * 3_600_000 },
      }),
    );
    vi.unstubAllEnvs();
    const asMfaReset = await signingAs(MFA_RESET);
    recreateMfaReset = postUsersMfaResetFlows({
      identity: asMfaReset.identity,
      users: asMfaReset.users,
      directory: new DynamoAdminDirectory(asMfaReset.documents, local.tableName),
      audit: new DynamoAuditTrail(asMfaReset.documents, AUDIT_TABLE),
      limiter: asMfaReset.limiter,
      mailer: asMfaReset.mailer,
      metrics: NO_BUSINESS_METRICS,
      randomBytes: secureRandomBytes,
      clock: systemClock,
      logger,
      strategy: 'recreate',
    }).postUsersMfaReset;
  }, 120_000);

  it('gives a new sub with the same group, attributes and custom:userId, relinked; then the same fresh sign-in', async () => {
    const practitioner = await furnishedPractitioner();
    const { email, userId, before } = practitioner;
    const token = await requestLink(email, practitioner.password, practitioner.license);

    const confirmed = await recreateConfirm(apiEvent({ body: { token }, path: '/mfa-recovery/confirm' }));
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
    const actingAdmin = { userId: randomUUID(), sub: randomUUID(), sourceIp: '127.0.0.1', correlationId: `e2e-${randomUUID()}` };
    const noticesBefore = (await sesEmailsTo(email)).length;

    await recreateMfaReset(userId, 'Lost phone; identity confirmed on a call', actingAdmin);

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
      actor: actingAdmin.userId,
      details: { reason: 'Lost phone; identity confirmed on a call', strategy: 'recreate' },
    });

    await expectFreshSignIn(practitioner);
  });
});
