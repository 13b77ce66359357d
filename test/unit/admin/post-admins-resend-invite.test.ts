import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UnsupportedUserStateException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { RESEND_LIMIT_PER_TARGET } from '../../../lambdas/admin/post-admins-resend-invite';
import { handler as postAdminsResendInviteHandler } from '../../../lambdas/handlers/post-admins-resend-invite';
import { asFunction, mockClient } from '../../support/aws-mocks';
import { allowCaller, apiEvent, bodyOf, CALLER_USER_ID, callsBesidesCallerCheck, idTokenClaims } from '../../support/events';
import { expectedFaultResponse, type GenericFault, genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';
import { mockRateLimitKey } from '../../support/rate-limit-key';

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-admins-resend-invite', postAdminsResendInviteHandler);
mockRateLimitKey();
const EMAIL = 'pending.admin@example.com';
const USER_ID = '2b7e1c4a-5d6f-4a8b-9c0d-1e2f3a4b5c6d';
const DAY = 24 * 3600 * 1000;

function resend(body: unknown = { email: EMAIL }, claims: Record<string, unknown> | undefined = idTokenClaims()) {
  return handler(apiEvent({ body, claims, path: '/admins/resend-invite' }));
}

/** The invited admin's AdminInfo and User, as findAdmin's Query returns them. */
function adminItems(overrides: Record<string, unknown> = {}) {
  const invitedAt = new Date(Date.now() - DAY).toISOString();
  return {
    Items: [
      {
        pk: `USER#${USER_ID}`,
        sk: 'ADMIN_INFO',
        userId: USER_ID,
        email: EMAIL,
        createdBy: 'boss',
        createdAt: invitedAt,
        lastInvitedAt: invitedAt,
        accountStatus: 'ACTIVE',
        ...overrides,
      },
      { pk: `USER#${USER_ID}`, sk: 'PROFILE', userId: USER_ID, email: EMAIL, role: 'admin', cognitoUsername: 'cog-pending', cognitoSub: 'cog-pending' },
    ],
  };
}

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
  cognito.on(AdminCreateUserCommand).resolves({});
  dynamo.on(GetCommand).resolves({ Item: { pk: `EMAIL#${EMAIL}`, sk: 'EMAIL', userId: USER_ID } });
  allowCaller(dynamo);
  dynamo.on(UpdateCommand).resolves({ Attributes: { attempts: 1 } });
  dynamo.on(QueryCommand).resolves(adminItems());
  dynamo.on(TransactWriteCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
});

describe('POST /admins/resend-invite (resendAdminInvite)', () => {
  it('re-sends the invitation to the Cognito username with RESEND, then records its time and the audit record together', async () => {
    const response = await resend({ email: 'Pending.Admin@example.com' });
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ email: EMAIL, userId: USER_ID, status: 'INVITE_SENT', previousInvitation: 'PENDING' });
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: process.env.COGNITO_USER_POOL_ID,
      Username: 'cog-pending',
      MessageAction: 'RESEND',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    const [invitation, audit] = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    expect(invitation.Update).toMatchObject({ Key: { pk: `USER#${USER_ID}`, sk: 'ADMIN_INFO' }, UpdateExpression: 'SET lastInvitedAt = :now' });
    expect(audit.Put).toMatchObject({
      TableName: process.env.AUDIT_TABLE_NAME,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({
        event: 'INVITATION_RESENT',
        userId: USER_ID,
        actor: CALLER_USER_ID,
        actorSub: idTokenClaims().sub,
        sourceIp: '203.0.113.10',
        outcome: 'SUCCESS',
        details: { previousInvitation: 'PENDING' },
      }),
    });
  });

  it('renews an expired invitation and says so', async () => {
    dynamo.on(QueryCommand).resolves(adminItems({ lastInvitedAt: new Date(Date.now() - 4 * DAY).toISOString() }));
    const response = await resend();
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toMatchObject({ status: 'INVITE_SENT', previousInvitation: 'EXPIRED' });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { MessageAction: 'RESEND' });
  });

  it(`is limited per invited admin: over ${RESEND_LIMIT_PER_TARGET.max} an hour -> 429, no email`, async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { attempts: RESEND_LIMIT_PER_TARGET.max + 1 } });
    const response = await resend();
    expect(response.statusCode).toBe(429);
    expect(cognito.calls()).toHaveLength(0);
    const counter = dynamo.commandCalls(UpdateCommand)[0].args[0].input;
    // The target's email is hashed into the key, never stored.
    expect(JSON.stringify(counter.Key)).not.toContain(EMAIL);
  });

  it.each([
    ['an email that is not one of our users', () => dynamo.on(GetCommand, { Key: { pk: `EMAIL#${EMAIL}`, sk: 'EMAIL' } }).resolves({})],
    ['a practitioner (no AdminInfo)', () => dynamo.on(QueryCommand).resolves({ Items: [adminItems().Items[1]] })],
  ])('%s: 404 before any Cognito call (never re-invites a stranger)', async (_label, arrange) => {
    arrange();
    const response = await resend();
    expect(response.statusCode).toBe(404);
    expect(cognito.calls()).toHaveLength(0);
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('a deactivated admin: 409, nothing sent', async () => {
    dynamo.on(QueryCommand).resolves(adminItems({ accountStatus: 'DEACTIVATED' }));
    const response = await resend();
    expect(response.statusCode).toBe(409);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('the record failing does not fail the resend (it happened): the audit record goes to an alert log line', async () => {
    dynamo.on(TransactWriteCommand).rejects(genericFaults.serviceError());
    const { result: response, records } = await captureLogs(() => resend());
    expect(response.statusCode).toBe(202);
    const alert = records.find((record) => record.alert === 'AuditRecordNotWritten');
    expect(alert).toMatchObject({ auditRecord: expect.objectContaining({ event: 'INVITATION_RESENT', userId: USER_ID }), repair: expect.any(String) });
  });

  it('Cognito has no such user: 404 USER_NOT_FOUND', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    const response = await resend();
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response).error.code).toBe('USER_NOT_FOUND');
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('user already set a password: 409 INVALID_USER_STATE, nothing recorded', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UnsupportedUserStateException({ message: 'Resend not possible. User status: CONFIRMED', $metadata: {} }));
    const response = await resend();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error).toMatchObject({ code: 'INVALID_USER_STATE', message: expect.stringContaining('already set a password') });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it.each(Object.keys(genericFaults) as GenericFault[])(
    'Cognito %s: mapped, no internals in the body; the resend may have gone out, so it is audited as UNKNOWN (no invitation time)',
    async (fault) => {
      cognito.on(AdminCreateUserCommand).rejects(genericFaults[fault]());
      const response = await resend();
      expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
      expect(bodyOf(response).error.code).toBe(expectedFaultResponse[fault].code);
      expect(response.body).not.toMatch(/Rate exceeded|Internal error|timed out/);
      expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
      expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
      expect(dynamo.commandCalls(PutCommand)[0].args[0].input).toMatchObject({
        TableName: process.env.AUDIT_TABLE_NAME,
        Item: expect.objectContaining({ event: 'INVITATION_RESENT', userId: USER_ID, actor: CALLER_USER_ID, outcome: 'UNKNOWN' }),
      });
    },
  );

  it.each([
    ['not an admin', { body: { email: EMAIL }, claims: idTokenClaims(['practitioners']) }, 403],
    ['no claims', { body: { email: EMAIL }, claims: undefined }, 401],
    ['bad email', { body: { email: 'nope' }, claims: idTokenClaims() }, 400],
    ['bad JSON', { body: '{', claims: idTokenClaims() }, 400],
  ])('%s -> %i, no Cognito call', async (_label, { body, claims }, status) => {
    const response = await handler(apiEvent({ body, claims }));
    expect(response.statusCode).toBe(status);
    expect(cognito.calls()).toHaveLength(0);
    expect(callsBesidesCallerCheck(dynamo)).toHaveLength(0);
  });
});
