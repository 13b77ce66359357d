import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UnsupportedUserStateException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/handlers/resend-admin-invite';
import { apiEvent, bodyOf, idTokenClaims } from '../../support/events';
import { expectedFaultResponse, type GenericFault, genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const EMAIL = 'pending.admin@example.com';
const USER_ID = '2b7e1c4a-5d6f-4a8b-9c0d-1e2f3a4b5c6d';

function resend(body: unknown = { email: EMAIL }, claims: Record<string, unknown> | undefined = idTokenClaims()) {
  return handler(apiEvent({ body, claims, path: '/admins/resend-invite' }));
}

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
  cognito.on(AdminCreateUserCommand).resolves({});
  dynamo.on(GetCommand).resolves({ Item: { pk: `EMAIL#${EMAIL}`, sk: 'EMAIL', userId: USER_ID } });
  dynamo.on(PutCommand).resolves({});
});

describe('POST /admins/resend-invite (resendAdminInvite)', () => {
  it('re-sends the invitation with AdminCreateUser MessageAction RESEND, one call', async () => {
    const response = await resend({ email: 'Pending.Admin@example.com' });
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ email: EMAIL, status: 'INVITE_SENT' });
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: process.env.COGNITO_USER_POOL_ID,
      Username: EMAIL,
      MessageAction: 'RESEND',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: process.env.AUDIT_TABLE_NAME,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({ event: 'INVITATION_RESENT', userId: USER_ID, actor: idTokenClaims().sub, sourceIp: '203.0.113.10', outcome: 'SUCCESS' }),
    });
  });

  it('an email that is not one of our users: 404 before any Cognito call (never re-invites a stranger)', async () => {
    dynamo.on(GetCommand).resolves({});
    const response = await resend();
    expect(response.statusCode).toBe(404);
    expect(cognito.calls()).toHaveLength(0);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('the audit append failing does not fail the resend (it happened): the record goes to an alert log line', async () => {
    dynamo.on(PutCommand).rejects(genericFaults.serviceError());
    const { result: response, records } = await captureLogs(() => resend());
    expect(response.statusCode).toBe(202);
    const alert = records.find((record) => record.alert === 'AuditRecordNotWritten');
    expect(alert).toMatchObject({ auditRecord: expect.objectContaining({ event: 'INVITATION_RESENT', userId: USER_ID }), repair: expect.any(String) });
  });

  it('unknown user: 404 USER_NOT_FOUND', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    const response = await resend();
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response).error.code).toBe('USER_NOT_FOUND');
  });

  it('user already set a password: 409 INVALID_USER_STATE', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UnsupportedUserStateException({ message: 'Resend not possible. User status: CONFIRMED', $metadata: {} }));
    const response = await resend();
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response).error).toMatchObject({ code: 'INVALID_USER_STATE', message: expect.stringContaining('already set a password') });
  });

  it.each(Object.keys(genericFaults) as GenericFault[])('Cognito %s: mapped, no internals in the body', async (fault) => {
    cognito.on(AdminCreateUserCommand).rejects(genericFaults[fault]());
    const response = await resend();
    expect(response.statusCode).toBe(expectedFaultResponse[fault].status);
    expect(bodyOf(response).error.code).toBe(expectedFaultResponse[fault].code);
    expect(response.body).not.toMatch(/Rate exceeded|Internal error|timed out/);
  });

  it.each([
    ['not an admin', { body: { email: EMAIL }, claims: idTokenClaims(['practitioners']) }, 403],
    ['no claims', { body: { email: EMAIL }, claims: undefined }, 401],
    ['bad email', { body: { email: 'nope' }, claims: idTokenClaims() }, 400],
    ['bad JSON', { body: '{', claims: idTokenClaims() }, 400],
  ])('%s -> %i, no Cognito call', async (_label, { body, claims }, status) => {
    const response = await handler(apiEvent({ body, claims }));
    expect(response.statusCode).toBe(status);
    expect(cognito.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
