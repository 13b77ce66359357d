import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { COGNITO_TRIGGERS } from '../../../lib/cognito-triggers';
import { asFunction, mockClient, takeRefusals } from '../../support/aws-mocks';

/**
 * The unit world's IAM check (test/support/aws-mocks.ts) itself: a call the function's synthesized
 * role does not allow is a refusal that fails the test.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TRIGGER = COGNITO_TRIGGERS.PostAuthentication.name;
const adminInfo = { pk: 'USER#0b7f4c1e-6a55-4d0c-9d6e-2f1b3c4d5e6f', sk: 'ADMIN_INFO' };

beforeEach(() => dynamo.reset());

describe('each call is held to the role of the function that makes it', () => {
  it('allowed: the post-authentication trigger updating an AdminInfo (its one grant)', async () => {
    await asFunction(TRIGGER, () => documents.send(new UpdateCommand({ TableName: 'test-table', Key: adminInfo, UpdateExpression: 'SET a = :a' })))();
    expect(await takeRefusals()).toEqual([]);
  }, 180_000);

  it('refused: the same function deleting the item, or updating a recovery token (another partition kind)', async () => {
    await asFunction(TRIGGER, async () => {
      await documents.send(new DeleteCommand({ TableName: 'test-table', Key: adminInfo }));
      await documents.send(new UpdateCommand({ TableName: 'test-table', Key: { pk: 'RECOVERY_TOKEN#abc', sk: 'TOKEN' }, UpdateExpression: 'SET a = :a' }));
    })();
    expect(await takeRefusals()).toEqual([
      expect.stringContaining(
        `${TRIGGER} (reset): dynamodb:DeleteItem on arn:aws:dynamodb:eu-west-1:000000000000:table/test-table {"dynamodb:LeadingKeys":["${adminInfo.pk}"]`,
      ),
      expect.stringContaining(
        `${TRIGGER} (reset): dynamodb:UpdateItem on arn:aws:dynamodb:eu-west-1:000000000000:table/test-table {"dynamodb:LeadingKeys":["RECOVERY_TOKEN#abc"]`,
      ),
    ]);
  }, 180_000);
});

describe('every unit test mocks AWS through the checked mocks', () => {
  const root = path.join(__dirname, '..', '..');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && file !== path.join('support', 'aws-mocks.ts'),
  );
  it.each(files)('%s takes mockClient from test/support/aws-mocks.ts, not from aws-sdk-client-mock', (file) => {
    // A type import (AwsStub) mocks nothing.
    expect(readFileSync(path.join(root, file), 'utf8')).not.toMatch(/^import (?!type )[^;]*from 'aws-sdk-client-mock'/m);
  });
});
