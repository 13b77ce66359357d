import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CognitoTriggerEvent } from '../../../local/cognito-triggers';

/**
 * A Cognito trigger for the plugin's tests, run by the local API (registered through
 * LOCAL_TRIGGER_MODULES by the e2e global setup): it records each event it gets in the table under
 * `TEST_TRIGGER#<sub>` / `<triggerSource>`, and fails for a user whose `given_name` is `Trigger-Fails`.
 */
export const TEST_TRIGGER_FUNCTION = 'plugin-test-trigger';
export const FAILING_GIVEN_NAME = 'Trigger-Fails';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: CognitoTriggerEvent): Promise<CognitoTriggerEvent> {
  if (event.request.userAttributes.given_name === FAILING_GIVEN_NAME) throw new Error('the test trigger refuses this user');
  await documents.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: { pk: `TEST_TRIGGER#${event.request.userAttributes.sub}`, sk: event.triggerSource, event: JSON.stringify(event), at: new Date().toISOString() },
    }),
  );
  return event;
}
