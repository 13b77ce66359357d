import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { passwordResetRecordingFromEnv } from '../composition/cognito-triggers';
import { cognitoTrigger } from '../shared/cognito-trigger';
import { USER_ID_ATTRIBUTE_NAME } from '../shared/identity-settings';

const flows = passwordResetRecordingFromEnv();

/**
 * Cognito post-confirmation trigger. Only `PostConfirmation_ConfirmForgotPassword` (a password reset
 * with an emailed code) is ours to record; sign-up confirmations cannot happen (nobody signs up).
 */
export const handler = cognitoTrigger<PostConfirmationTriggerEvent>('postConfirmation', async (event, context) => {
  if (event.triggerSource !== 'PostConfirmation_ConfirmForgotPassword') return;
  await flows.recordEmailPasswordReset(event.request.userAttributes[`custom:${USER_ID_ATTRIBUTE_NAME}`], context);
});
