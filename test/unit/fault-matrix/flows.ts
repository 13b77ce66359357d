import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler as provisionNewAdmin } from '../../../lambdas/handlers/provision-new-admin';
import { cognitoUser } from '../../support/cognito-fixtures';
import { apiEvent, idTokenClaims } from '../../support/events';
import { ADMIN_FLOWS, callerCheck, targetAdminItems } from './admin-flows';
import { testRateLimitKeySecret, testSubjectHash } from '../../support/rate-limit-key';
import { secret } from '../../support/secrets';
import { inFreshContainer } from './cold-start';
import { errorFor } from './errors';
import { type FlowUnderTest, type ScriptedFlow, scriptedFlow } from './harness';
import { confirmRecreateFlow, confirmResetFlow, requestMfaResetFlow, world } from './recovery-flows';

/** The scripted flows run on the same SDK mocks as the stateful ones (one mock per client class). */
export const cognito = world.cognito;
export const dynamo = world.dynamo;

const EMAIL = 'matrix.admin@example.com';

const userIdOf = (input: Record<string, any>) => input.UserAttributes.find((a: { Name: string }) => a.Name === 'custom:userId').Value;
const existing = cognitoUser({ email: EMAIL, userId: 'existing-user-id', status: 'CONFIRMED' });
const MATRIX_USER_ID = '6f1e2d3c-4b5a-4697-8877-665544332211';

/** The audit record of a change made outside DynamoDB (its own PutItem, not in a transaction). */
const auditPut = { name: 'PutItem (audit)', client: dynamo, command: PutCommand, respond: () => ({}) };
const AUDIT_ALERT = ' + alert AuditRecordNotWritten';
const audited = (ok: readonly string[]) => (ok.includes('PutItem (audit)') ? '' : AUDIT_ALERT);
/** Left by an earlier attempt whose compensation failed: invited, untouched, long ago, no records. */
const leftover = cognitoUser({ email: EMAIL, username: 'leftover-username', userId: 'leftover-user-id' });
const isEmailClaim = (input: Record<string, any>) => String(input.Key.pk).startsWith('EMAIL#');
const isUser = (input: Record<string, any>) => String(input.Key.pk).startsWith('USER#');
const create = (input: Record<string, any>) => input.MessageAction === undefined;
const resend = (input: Record<string, any>) => input.MessageAction === 'RESEND';
/** The attempt counter of `subject` in `scope` (its key holds the hash, as the limiter writes it). */
const counterOf = (scope: string, subject: string) => (input: Record<string, any>) =>
  input.Key.pk === `RATE#${testSubjectHash(`${scope}:${subject}`)}`;
/** The attempt counters' key, read at the first attempt of a fresh container (every run starts in one). */
const rateLimitKey = { name: 'GetSecretValue (rate-limit key)', client: world.secrets, command: GetSecretValueCommand, respond: testRateLimitKeySecret };
const firstAttempt = () => ({ Attributes: { attempts: 1 } });
/** apiEvent's default source IP. */
const CALLER_IP = '203.0.113.10';

const scripted = {
  provisionNewAdmin: {
    flow: 'provisionNewAdmin',
    handler: provisionNewAdmin,
    event: () => apiEvent({ body: { email: EMAIL }, claims: idTokenClaims() }),
    steps: [
      callerCheck,
      { name: 'AdminCreateUser', client: cognito, command: AdminCreateUserCommand, respond: (input) => ({ User: cognitoUser({ email: EMAIL, userId: userIdOf(input) }) }) },
      { name: 'AdminGetUser', client: cognito, command: AdminGetUserCommand, respond: () => ({ ...existing, UserAttributes: existing.Attributes }) },
      { name: 'AdminAddUserToGroup', client: cognito, command: AdminAddUserToGroupCommand, respond: () => ({}) },
      { name: 'AdminDeleteUser', client: cognito, command: AdminDeleteUserCommand, respond: () => ({}) },
      // The email claim belongs to the existing user when creation reports a conflict; no user has the new id.
      { name: 'GetItem (email claim)', client: dynamo, command: GetCommand, match: isEmailClaim, respond: () => ({ Item: { userId: 'existing-user-id' } }) },
      { name: 'GetItem (user)', client: dynamo, command: GetCommand, match: isUser, respond: () => ({}) },
      // The transaction holds the ADMIN_PROVISIONED record; only a compensation is audited on its own.
      { name: 'TransactWriteItems', client: dynamo, command: TransactWriteCommand, respond: () => ({}) },
      auditPut,
    ],
    stateAfter: (ok) => {
      const cognitoUserLeft = ok.includes('AdminCreateUser') && !ok.includes('AdminDeleteUser');
      const records = ok.includes('TransactWriteItems');
      if (!ok.includes('AdminCreateUser') && ok.includes('AdminGetUser')) return 'the existing complete user, untouched';
      if (cognitoUserLeft && records) return 'complete admin';
      if (cognitoUserLeft) return `Cognito user without records + alert ProvisioningCompensationFailed; re-running POST /admins completes it${audited(ok)}`;
      if (records) return 'records without Cognito user';
      return ok.includes('AdminCreateUser') ? `nothing: no Cognito user, no records${audited(ok)}` : 'nothing: no Cognito user, no records';
    },
  },
  provisionOverLeftover: {
    flow: 'provisionNewAdmin (over a leftover)',
    handler: provisionNewAdmin,
    event: () => apiEvent({ body: { email: EMAIL }, claims: idTokenClaims() }),
    steps: [
      callerCheck,
      {
        name: 'AdminCreateUser',
        client: cognito,
        command: AdminCreateUserCommand,
        match: create,
        respond: () => {
          throw errorFor('UsernameExistsException');
        },
      },
      { name: 'AdminCreateUser (RESEND)', client: cognito, command: AdminCreateUserCommand, match: resend, respond: () => ({}) },
      { name: 'AdminGetUser', client: cognito, command: AdminGetUserCommand, respond: () => ({ ...leftover, UserAttributes: leftover.Attributes }) },
      { name: 'AdminAddUserToGroup', client: cognito, command: AdminAddUserToGroupCommand, respond: () => ({}) },
      { name: 'AdminDeleteUser', client: cognito, command: AdminDeleteUserCommand, respond: () => ({}) },
      { name: 'GetItem (email claim)', client: dynamo, command: GetCommand, match: isEmailClaim, respond: () => ({}) },
      { name: 'GetItem (user)', client: dynamo, command: GetCommand, match: isUser, respond: () => ({}) },
      { name: 'TransactWriteItems', client: dynamo, command: TransactWriteCommand, respond: () => ({}) },
      auditPut,
    ],
    stateAfter: (ok) => {
      if (ok.includes('TransactWriteItems')) {
        return ok.includes('AdminCreateUser (RESEND)') ? `complete admin, invitation refreshed${audited(ok)}` : 'complete admin; invitation not refreshed (resend by hand)';
      }
      if (ok.includes('AdminDeleteUser')) return `nothing: no Cognito user, no records${audited(ok)}`;
      if (!ok.includes('AdminAddUserToGroup')) return 'unchanged: the leftover Cognito user, no records; re-running POST /admins completes it';
      return `leftover in admins without records + alert ProvisioningCompensationFailed; re-running POST /admins completes it${audited(ok)}`;
    },
  },
  resendAdminInvite: {
    flow: 'resendAdminInvite',
    handler: inFreshContainer('resend-admin-invite'),
    event: () => apiEvent({ body: { email: EMAIL }, claims: idTokenClaims() }),
    steps: [
      callerCheck,
      rateLimitKey,
      { name: 'UpdateItem (resend counter)', client: dynamo, command: UpdateCommand, respond: () => ({ Attributes: { attempts: 1 } }) },
      { name: 'GetItem (email claim)', client: dynamo, command: GetCommand, respond: () => ({ Item: { userId: MATRIX_USER_ID } }) },
      { name: 'Query (admin)', client: dynamo, command: QueryCommand, respond: () => targetAdminItems(MATRIX_USER_ID) },
      { name: 'AdminCreateUser (RESEND)', client: cognito, command: AdminCreateUserCommand, respond: () => ({}) },
      { name: 'TransactWriteItems (invitation + audit)', client: dynamo, command: TransactWriteCommand, respond: () => ({}) },
    ],
    stateAfter: (ok) =>
      ok.includes('AdminCreateUser (RESEND)') ? `new temporary password sent${ok.includes('TransactWriteItems (invitation + audit)') ? '' : AUDIT_ALERT}` : 'unchanged',
  },
  newPasswordChallenge: {
    flow: 'newPasswordChallenge',
    handler: inFreshContainer('new-password-challenge'),
    event: () =>
      apiEvent({ body: { username: EMAIL, temporaryPassword: secret('Temp-Pa55word!'), newPassword: secret('New-Pa55word!') } }),
    steps: [
      rateLimitKey,
      { name: 'UpdateItem (account counter)', client: dynamo, command: UpdateCommand, match: counterOf('first-sign-in-account', EMAIL), respond: firstAttempt },
      { name: 'UpdateItem (IP counter)', client: dynamo, command: UpdateCommand, match: counterOf('first-sign-in-ip', CALLER_IP), respond: firstAttempt },
      { name: 'AdminInitiateAuth', client: cognito, command: AdminInitiateAuthCommand, respond: () => ({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: secret('s1') }) },
      { name: 'GetItem (email claim)', client: dynamo, command: GetCommand, respond: () => ({ Item: { userId: MATRIX_USER_ID } }) },
      { name: 'AdminRespondToAuthChallenge', client: cognito, command: AdminRespondToAuthChallengeCommand, respond: () => ({ ChallengeName: 'MFA_SETUP', Session: secret('s2') }) },
      auditPut,
    ],
    stateAfter: (ok) => (ok.includes('AdminRespondToAuthChallenge') ? `password changed${audited(ok)}` : 'unchanged: temporary password still valid'),
  },
} satisfies Record<string, ScriptedFlow>;

/** Every flow of the matrix, by name. */
export const FLOWS: Record<string, FlowUnderTest> = {
  ...Object.fromEntries(Object.values(scripted).map((flow) => [flow.flow, scriptedFlow(flow, errorFor)])),
  ...Object.fromEntries(Object.values(ADMIN_FLOWS).map((flow) => [flow.flow, scriptedFlow(flow, errorFor)])),
  requestMfaReset: requestMfaResetFlow,
  [confirmResetFlow.flow]: confirmResetFlow,
  [confirmRecreateFlow.flow]: confirmRecreateFlow,
};

/** Clears every mock between rows (stateful flows then install their fakes). */
export function resetClients(): void {
  for (const client of [world.cognito, world.dynamo, world.ses, world.secrets]) client.reset();
}
