import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BaseTriggerEvent } from 'aws-lambda/trigger/cognito-user-pool-trigger/_common';
import { NEW_ADMIN_PROFILE, transactWrite } from './admin';
import { type FlowScenario, ok } from './scenario';

/** The event Cognito invokes a trigger with, for the bench's admin (our user id in `custom:userId`). */
function triggerEvent(triggerSource: string, request: object = {}): BaseTriggerEvent<string> & { request: object; response: object } {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_BENCHPOOL',
    userName: NEW_ADMIN_PROFILE.cognitoUsername,
    triggerSource,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'bench-web-client' },
    request: {
      userAttributes: { sub: NEW_ADMIN_PROFILE.cognitoUsername, email: NEW_ADMIN_PROFILE.email, 'custom:userId': NEW_ADMIN_PROFILE.userId },
      ...request,
    },
    response: {},
  };
}

/** Post authentication: an admin's sign-in recorded on their AdminInfo, one conditional update. */
export const cognitoPostAuthentication: FlowScenario = {
  flow: 'record sign-in',
  maxRounds: 1,
  event: triggerEvent('PostAuthentication_Authentication', { newDeviceUsed: false }),
  replies: [{ client: DynamoDBDocumentClient, command: UpdateCommand, output: () => ok({}) }],
};

/** Post confirmation after ConfirmForgotPassword: the reset time and its audit record, one transaction. */
export const cognitoPostConfirmation: FlowScenario = {
  flow: 'record password reset',
  maxRounds: 1,
  event: triggerEvent('PostConfirmation_ConfirmForgotPassword'),
  replies: [transactWrite],
};

/** Pre token generation (V2_0): suppresses the self-service scope, no AWS call. */
export const cognitoPreTokenGeneration: FlowScenario = {
  flow: 'token scopes',
  maxRounds: 0,
  event: triggerEvent('TokenGeneration_Authentication', {
    groupConfiguration: { groupsToOverride: ['admins'], iamRolesToOverride: [], preferredRole: null },
    scopes: ['aws.cognito.signin.user.admin', 'openid', 'email', 'profile'],
  }),
  replies: [],
};
