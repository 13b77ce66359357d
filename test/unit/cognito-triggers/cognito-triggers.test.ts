import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Context, PostAuthenticationTriggerEvent, PostConfirmationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as postAuthenticationHandler } from '../../../lambdas/handlers/cognito-post-authentication';
import { handler as postConfirmationHandler } from '../../../lambdas/handlers/cognito-post-confirmation';
import { handler as preTokenGenerationHandler } from '../../../lambdas/handlers/cognito-pre-token-generation';
import { COGNITO_TRIGGERS, TRIGGER_FUNCTIONS } from '../../../lib/cognito-triggers';
import { asFunction, grantsNeverUsed, mockClient } from '../../support/aws-mocks';
import { genericFaults, type GenericFault } from '../../support/faults';
import { captureLogs } from '../../support/logs';

const dynamo = mockClient(DynamoDBDocumentClient);
// Each trigger runs as its own function: every call it makes is held to its synthesized role (test/support/aws-mocks.ts).
const postConfirmation = asFunction(COGNITO_TRIGGERS.PostConfirmation.name, postConfirmationHandler);
const postAuthentication = asFunction(COGNITO_TRIGGERS.PostAuthentication.name, postAuthenticationHandler);
const preTokenGeneration = asFunction(COGNITO_TRIGGERS.PreTokenGenerationConfig.name, preTokenGenerationHandler);

const USER_ID = '0b7f4c1e-6a55-4d0c-9d6e-2f1b3c4d5e6f';
const CONTEXT = { awsRequestId: 'trigger-request-1', functionName: 'cognito-trigger' } as Context;

function baseEvent<T extends string>(triggerSource: T, attributes: Record<string, string> = { 'custom:userId': USER_ID }) {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_TESTPOOL',
    userName: 'c1d2e3f4-0000-4000-8000-000000000001',
    triggerSource,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'web-client' },
    request: { userAttributes: { sub: 'c1d2e3f4-0000-4000-8000-000000000001', email: 'owner@example.com', ...attributes } },
    response: {},
  };
}

const forgotPassword = (attributes?: Record<string, string>) => baseEvent('PostConfirmation_ConfirmForgotPassword', attributes) as PostConfirmationTriggerEvent;

/**
 * The table as the post-confirmation trigger's transaction leaves it: the User's `lastPasswordResetAt`
 * and the audit records, applied all or nothing (a fault `before` applies nothing; `after`, the
 * answer is lost once the write took effect).
 */
function fakeTables(options: { userExists?: boolean } = {}) {
  const state = {
    user: options.userExists === false ? undefined : ({ pk: `USER#${USER_ID}`, sk: 'PROFILE' } as Record<string, unknown>),
    audit: [] as Record<string, unknown>[],
  };
  let fault: { when: 'before' | 'after'; error: Error } | undefined;
  dynamo.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    if (fault?.when === 'before') throw fault.error;
    const [update, put] = input.TransactItems ?? [];
    if (!state.user)
      throw new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      });
    state.user = { ...state.user, lastPasswordResetAt: update.Update?.ExpressionAttributeValues?.[':at'] };
    state.audit.push(put.Put?.Item as Record<string, unknown>);
    if (fault?.when === 'after') throw fault.error;
    return {};
  });
  return {
    state,
    failNext: (when: 'before' | 'after', error: Error) => {
      fault = { when, error };
    },
    heal: () => {
      fault = undefined;
    },
  };
}

beforeEach(() => dynamo.reset());

describe('post confirmation: an email-based password reset is recorded (PostConfirmation_ConfirmForgotPassword)', () => {
  it('sets lastPasswordResetAt on the User and appends PASSWORD_RESET_BY_EMAIL with the user as actor, in one transaction; answers the event', async () => {
    const tables = fakeTables();
    const event = forgotPassword();
    const answered = await postConfirmation(event, CONTEXT);
    expect(answered).toBe(event);
    expect(answered.response).toEqual({});
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const [update, put] = dynamo.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];
    expect(update.Update).toMatchObject({
      TableName: 'test-table',
      Key: { pk: `USER#${USER_ID}`, sk: 'PROFILE' },
      ConditionExpression: 'attribute_exists(pk)',
    });
    expect(put.Put).toMatchObject({ TableName: 'test-audit-table', ConditionExpression: 'attribute_not_exists(pk)' });
    expect(tables.state.audit).toEqual([
      expect.objectContaining({ event: 'PASSWORD_RESET_BY_EMAIL', actor: USER_ID, userId: USER_ID, outcome: 'SUCCESS', correlationId: 'trigger-request-1' }),
    ]);
    expect(tables.state.user?.lastPasswordResetAt).toBe(tables.state.audit[0].time);
  });

  it.each([['a sign-up confirmation', 'PostConfirmation_ConfirmSignUp']])('%s: nothing recorded (nobody signs up in this pool)', async (_label, source) => {
    fakeTables();
    const event = baseEvent(source) as PostConfirmationTriggerEvent;
    expect(await postConfirmation(event, CONTEXT)).toBe(event);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('a Cognito user without our user id: nothing to record, the reset goes on', async () => {
    fakeTables();
    const { result, records } = await captureLogs(() => postConfirmation(forgotPassword({}), CONTEXT));
    expect(result.triggerSource).toBe('PostConfirmation_ConfirmForgotPassword');
    expect(dynamo.calls()).toHaveLength(0);
    expect(records.some((record) => record.message?.includes('without a user id'))).toBe(true);
  });

  it('a user id the database does not know: no item created, the reset goes on', async () => {
    const tables = fakeTables({ userExists: false });
    await postConfirmation(forgotPassword(), CONTEXT);
    expect(tables.state).toEqual({ user: undefined, audit: [] });
  });

  describe.each(Object.keys(genericFaults) as GenericFault[])('DynamoDB %s', (fault) => {
    it.each(['before', 'after'] as const)(
      '%s the write took effect: the trigger fails (Cognito fails ConfirmForgotPassword), alerts; the retried reset converges',
      async (when) => {
        const tables = fakeTables();
        tables.failNext(when, genericFaults[fault]());
        const { result, records } = await captureLogs(() =>
          postConfirmation(forgotPassword(), CONTEXT).then(
            () => 'answered',
            () => 'threw',
          ),
        );
        expect(result).toBe('threw');
        expect(records).toContainEqual(expect.objectContaining({ alert: 'PasswordResetNotRecorded', userId: USER_ID, repair: expect.any(String) }));
        // What is left: nothing (before), or the complete record (after); never half of it.
        expect(tables.state.audit).toHaveLength(when === 'before' ? 0 : 1);
        expect(tables.state.user?.lastPasswordResetAt).toBe(when === 'before' ? undefined : tables.state.audit[0].time);

        // The user asks for a new code and confirms again: recorded, with the later time.
        tables.heal();
        await new Promise((resolve) => setTimeout(resolve, 2));
        await postConfirmation(forgotPassword(), { ...CONTEXT, awsRequestId: 'trigger-request-2' });
        expect(tables.state.audit).toHaveLength(when === 'before' ? 1 : 2);
        const latest = tables.state.audit[tables.state.audit.length - 1];
        expect(latest).toMatchObject({ event: 'PASSWORD_RESET_BY_EMAIL', correlationId: 'trigger-request-2' });
        expect(tables.state.user?.lastPasswordResetAt).toBe(latest.time);
      },
    );
  });
});

describe('post authentication: every sign-in is recorded on the User, and an admin’s on their AdminInfo too', () => {
  const signIn = (attributes?: Record<string, string>): PostAuthenticationTriggerEvent => {
    const event = baseEvent('PostAuthentication_Authentication', attributes);
    return { ...event, request: { ...event.request, newDeviceUsed: false } };
  };
  const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
  const updates = () => dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input as UpdateCommandInput);
  const onItem = (sk: string) => ({ Key: { pk: `USER#${USER_ID}`, sk } });

  it('two conditional UpdateItems, User and AdminInfo, with one time: never create an item, never move the time back; answers the event', async () => {
    dynamo.on(UpdateCommand).resolves({});
    const event = signIn();
    expect(await postAuthentication(event, CONTEXT)).toBe(event);
    expect(dynamo.calls()).toHaveLength(2);
    const written = updates();
    expect(written.map((input) => input.Key?.sk).sort()).toEqual(['ADMIN_INFO', 'PROFILE']);
    for (const input of written) {
      expect(input).toMatchObject({
        TableName: 'test-table',
        Key: { pk: `USER#${USER_ID}` },
        UpdateExpression: 'SET lastSignInAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastSignInAt) OR lastSignInAt < :at)',
      });
      expect(Date.parse(input.ExpressionAttributeValues?.[':at'])).toBeGreaterThan(Date.now() - 5_000);
    }
    expect(written[0].ExpressionAttributeValues?.[':at']).toBe(written[1].ExpressionAttributeValues?.[':at']);
  });

  it('a practitioner (no AdminInfo): the User is recorded, the AdminInfo condition refuses, nothing logged as a failure', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(UpdateCommand, onItem('ADMIN_INFO')).rejects(conditionFailed());
    const { result, records } = await captureLogs(() => postAuthentication(signIn(), CONTEXT));
    expect(result.triggerSource).toBe('PostAuthentication_Authentication');
    expect(
      updates()
        .map((input) => input.Key?.sk)
        .sort(),
    ).toEqual(['ADMIN_INFO', 'PROFILE']);
    expect(records.some((record) => record.level === 'WARN' || record.level === 'ERROR')).toBe(false);
  });

  it('an id the database does not know, or a later sign-in on record: both conditions refuse, the sign-in goes on quietly', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    const { result, records } = await captureLogs(() => postAuthentication(signIn(), CONTEXT));
    expect(result.triggerSource).toBe('PostAuthentication_Authentication');
    expect(records.some((record) => record.level === 'WARN' || record.level === 'ERROR')).toBe(false);
  });

  it('no user id: nothing written', async () => {
    await postAuthentication(signIn({}), CONTEXT);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it.each((Object.keys(genericFaults) as GenericFault[]).flatMap((fault) => [[fault, 'PROFILE'] as const, [fault, 'ADMIN_INFO'] as const]))(
    'DynamoDB %s on the %s write: the sign-in is never refused (fails open, logged), the other record is still written',
    async (fault, failing) => {
      dynamo.on(UpdateCommand).resolves({});
      dynamo.on(UpdateCommand, onItem(failing)).rejects(genericFaults[fault]());
      const { result, records } = await captureLogs(() => postAuthentication(signIn(), CONTEXT));
      expect(result.triggerSource).toBe('PostAuthentication_Authentication');
      expect(updates()).toHaveLength(2);
      const warning = failing === 'PROFILE' ? 'not recorded on the User' : 'not recorded on the AdminInfo';
      expect(records).toContainEqual(expect.objectContaining({ level: 'WARN', message: expect.stringContaining(warning), userId: USER_ID }));
      expect(records.filter((record) => record.level === 'WARN')).toHaveLength(1);
    },
  );
});

describe('pre token generation (V2_0): access tokens without aws.cognito.signin.user.admin', () => {
  it.each(['TokenGeneration_Authentication', 'TokenGeneration_RefreshTokens', 'TokenGeneration_NewPasswordChallenge', 'TokenGeneration_HostedAuth'])(
    '%s: suppresses the self-service scope and changes nothing else',
    async (source) => {
      const event = {
        ...baseEvent(source),
        request: { ...baseEvent(source).request, groupConfiguration: { groupsToOverride: ['admins'] }, scopes: ['aws.cognito.signin.user.admin'] },
        response: { claimsAndScopeOverrideDetails: null },
      } as unknown as PreTokenGenerationV2TriggerEvent;
      const answered = await preTokenGeneration(event, CONTEXT);
      expect(answered.response).toEqual({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: ['aws.cognito.signin.user.admin'] } } });
      expect(answered.request.groupConfiguration).toEqual({ groupsToOverride: ['admins'] });
      expect(dynamo.calls()).toHaveLength(0);
    },
  );
});

// Last in the file (its tests run in order, each test's calls checked after it): no grant unused.
it.each(TRIGGER_FUNCTIONS.map((trigger) => [trigger.name] as const))(
  '%s is granted nothing these tests never use (every action, resource and partition kind of its role)',
  async (name) => {
    expect(await grantsNeverUsed(name)).toEqual([]);
  },
);
