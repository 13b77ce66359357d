import * as path from 'node:path';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_ADMIN_CREDENTIALS } from '../../local/moto-server';
import { functionRoleName, type PolicyStatement, policyDocument, ROLE_POLICY_NAME } from '../../local/function-roles';
import { type LocalApiProcess, startLocalApiProcess } from '../../local/local-api-process';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { COGNITO_TRIGGERS } from '../../lib/cognito-triggers';
import { emailsAfter, type OutboxEmail } from '../../local/outbox';
import { totp } from '../../local/totp';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';

/**
 * Each function of the local API runs as its own role, with the statements the template gives it
 * (local/function-roles.ts, local/moto_plugin/iam.py). Here one grant is taken away from one
 * function, on a local API of its own (the shared one keeps every grant for the other test files):
 * the flow that needs it fails as it would in AWS, with AccessDenied, and leaves the account as it was.
 * The Cognito triggers' functions run the same way (lib/cognito-triggers.ts): each as its own role.
 */

const ROOT = path.join(__dirname, '..', '..');
const LOG_FILE = path.join(ROOT, '.local', 'e2e', 'function-roles-api.log');
const CONFIRM_ROLE = functionRoleName('post-mfa-recovery-confirm');

let api: LocalApiProcess;
let iam: IAMClient;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  api = await startLocalApiProcess(LOG_FILE);
  const config = { endpoint: api.info.emulatorEndpoint, region: api.info.region, credentials: EMULATOR_ADMIN_CREDENTIALS };
  iam = new IAMClient(config);
  cognito = new CognitoIdentityProviderClient(config);
}, 240_000);
afterAll(() => api?.stop());

const grantedTo = async (RoleName: string): Promise<PolicyStatement[]> => {
  const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: ROLE_POLICY_NAME }));
  return JSON.parse(decodeURIComponent(PolicyDocument as string)).Statement;
};
/** The statements without `taken` (a statement left with no action goes: IAM refuses an empty one). */
const without = (statements: PolicyStatement[], taken: string) =>
  statements
    .map((statement) => ({ ...statement, Action: [statement.Action ?? []].flat().filter((action) => action !== taken) }))
    .filter((statement) => statement.Action.length > 0);

describe('a grant taken from a function (post-mfa-recovery-confirm without cognito-idp:AdminGetUser)', () => {
  let granted: PolicyStatement[];
  beforeAll(async () => {
    granted = await grantedTo(CONFIRM_ROLE);
  });

  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${api.info.apiUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };

  it('fails the recovery with a 5xx and AccessDenied in the function log, the account untouched; with the grant back, the same link recovers it', async () => {
    expect(granted.some((statement) => [statement.Action].flat().includes('cognito-idp:AdminGetUser'))).toBe(true);
    const { email, password, licenses } = SAMPLE_PRACTITIONERS[0];
    const totpSecret = api.info.practitioners.find((practitioner) => practitioner.email === email)?.totpSecret as string;
    const before = await cognito.send(new AdminGetUserCommand({ UserPoolId: api.info.userPoolId, Username: email }));

    const requested = await post('/mfa-recovery/request', { username: email, password, license: licenses[0] });
    expect(requested.status).toBe(202);
    const link = /href="([^"]+)"/.exec(
      (await emailsAfter(api.info.emulatorEndpoint)).filter((mail) => mail.to.includes(email) && mail.via === 'ses').at(-1)?.body ?? '',
    )?.[1];
    const token = new URLSearchParams(new URL((link as string).replace(/&amp;/g, '&')).hash.slice(1)).get('token');

    await iam.send(
      new PutRolePolicyCommand({
        RoleName: CONFIRM_ROLE,
        PolicyName: ROLE_POLICY_NAME,
        PolicyDocument: policyDocument(without(granted, 'cognito-idp:AdminGetUser')),
      }),
    );
    const refused = await post('/mfa-recovery/confirm', { token });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const log = readFileSync(LOG_FILE, 'utf8');
    expect(log).toMatch(
      new RegExp(`AccessDeniedException.*assumed-role/${CONFIRM_ROLE}/post-mfa-recovery-confirm is not authorized to perform: cognito-idp:AdminGetUser`),
    );

    const after = await cognito.send(new AdminGetUserCommand({ UserPoolId: api.info.userPoolId, Username: email }));
    expect(after.UserStatus).toBe(before.UserStatus);
    expect(after.UserMFASettingList).toEqual(before.UserMFASettingList);
    expect(after.UserAttributes).toEqual(before.UserAttributes);
    expect((await post('/_local/sign-in', { email, password, totpCode: totp(totpSecret) })).status).toBe(200);

    await iam.send(new PutRolePolicyCommand({ RoleName: CONFIRM_ROLE, PolicyName: ROLE_POLICY_NAME, PolicyDocument: policyDocument(granted) }));
    const recovered = await post('/mfa-recovery/confirm', { token });
    expect(recovered).toMatchObject({ status: 200, body: { status: 'RECOVERED' } });
  }, 120_000);
});

describe('a Cognito trigger runs as its own role (the post-confirmation function without dynamodb:UpdateItem)', () => {
  const TRIGGER = COGNITO_TRIGGERS.PostConfirmation.name;
  const TRIGGER_ROLE = functionRoleName(TRIGGER);

  it('fails ConfirmForgotPassword with the AccessDenied of its own role, nothing recorded; with the grant back, the next reset is recorded', async () => {
    const granted = await grantedTo(TRIGGER_ROLE);
    expect(granted.some((statement) => [statement.Action].flat().includes('dynamodb:UpdateItem'))).toBe(true);
    const { email } = SAMPLE_PRACTITIONERS[1];
    const { userId } = api.info.practitioners.find((practitioner) => practitioner.email === email) as { userId: string };
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: api.info.emulatorEndpoint, region: api.info.region, credentials: EMULATOR_ADMIN_CREDENTIALS }),
    );
    const lastReset = async () =>
      (await documents.send(new GetCommand({ TableName: api.info.tableName, Key: keys.user(userId) }))).Item?.lastPasswordResetAt as string | undefined;
    const resetPassword = async (password: string) => {
      await cognito.send(new ForgotPasswordCommand({ ClientId: api.info.webClientId, Username: email }));
      const code = ((await emailsAfter(api.info.emulatorEndpoint)) as (OutboxEmail & { confirmationCode?: string })[])
        .filter((mail) => mail.to.includes(email) && mail.confirmationCode)
        .at(-1)?.confirmationCode;
      return cognito.send(new ConfirmForgotPasswordCommand({ ClientId: api.info.webClientId, Username: email, ConfirmationCode: code, Password: password }));
    };
    const before = await lastReset();

    await iam.send(
      new PutRolePolicyCommand({
        RoleName: TRIGGER_ROLE,
        PolicyName: ROLE_POLICY_NAME,
        PolicyDocument: policyDocument(without(granted, 'dynamodb:UpdateItem')),
      }),
    );
    // Cognito fails the reset with the trigger's error (the adapter's words: a service error); the function's log has IAM's.
    await expect(resetPassword('Refused-Reset-Passw0rd-1!')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: expect.stringMatching(/^PostConfirmation failed with error /),
    });
    expect(readFileSync(LOG_FILE, 'utf8')).toMatch(
      new RegExp(`AccessDeniedException.*assumed-role/${TRIGGER_ROLE}/${TRIGGER} is not authorized to perform: dynamodb:UpdateItem`),
    );
    expect(await lastReset()).toBe(before);

    await iam.send(new PutRolePolicyCommand({ RoleName: TRIGGER_ROLE, PolicyName: ROLE_POLICY_NAME, PolicyDocument: policyDocument(granted) }));
    await resetPassword('Recorded-Reset-Passw0rd-2!');
    expect(Date.parse(String(await lastReset()))).toBeGreaterThan(Date.now() - 60_000);
  }, 120_000);
});
