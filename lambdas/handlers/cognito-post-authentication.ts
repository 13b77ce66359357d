import type { PostAuthenticationTriggerEvent } from 'aws-lambda';
import { signInRecordingFromEnv } from '../composition/cognito-triggers';
import { cognitoTrigger } from '../shared/cognito-trigger';
import { USER_ID_ATTRIBUTE_NAME } from '../shared/identity-settings';

const flows = signInRecordingFromEnv();

/** Cognito post-authentication trigger: records every user's sign-in on their User, and an admin's on their AdminInfo too (never refuses one). */
export const handler = cognitoTrigger<PostAuthenticationTriggerEvent>('postAuthentication', async (event) => {
  await flows.recordSignIn(event.request.userAttributes[`custom:${USER_ID_ATTRIBUTE_NAME}`]);
});
