import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { adminSignInRecordingFromEnv } from '../composition/cognito-triggers';
import { cognitoTrigger } from '../shared/cognito-trigger';
import { USER_ID_ATTRIBUTE_NAME } from '../shared/identity-settings';

const flows = adminSignInRecordingFromEnv();

/** Cognito post-authentication trigger: records an admin's sign-in on their AdminInfo (never refuses one). */
export const handler = cognitoTrigger<PostAuthenticationTriggerEvent>('postAuthentication', async (event) => {
  await flows.recordSignIn(event.request.userAttributes[`custom:${USER_ID_ATTRIBUTE_NAME}`]);
});
