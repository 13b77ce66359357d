import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableInput } from '../../local/aws-resources';
import { local } from './support/emulator';
import { failure } from './support/plugin-pool';

/** TransactWriteItems on the plugin's undo log (local/moto_plugin/dynamodb.py) instead of moto's whole-table copies: still all or nothing. */
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: local.emulatorEndpoint, region: local.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const TableName = `plugin-test-${randomUUID().slice(0, 8)}`;
const item = async (pk: string) => (await documents.send(new GetCommand({ TableName, Key: { pk, sk: 'A' }, ConsistentRead: true }))).Item;

beforeAll(async () => {
  await documents.send(new CreateTableCommand(tableInput(TableName)));
  for (const pk of ['kept', 'updated', 'deleted']) await documents.send(new PutCommand({ TableName, Item: { pk, sk: 'A', n: 1 } }));
});

describe('TransactWriteItems', () => {
  it('leaves every item as it was when one condition fails (put, update, delete undone)', async () => {
    const refused = await failure(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName, Key: { pk: 'updated', sk: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } } },
            { Put: { TableName, Item: { pk: 'new', sk: 'A', n: 1 } } },
            { Delete: { TableName, Key: { pk: 'deleted', sk: 'A' } } },
            { Put: { TableName, Item: { pk: 'kept', sk: 'A', n: 9 }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
    );
    expect(refused.name).toBe('TransactionCanceledException');
    expect(await item('updated')).toEqual({ pk: 'updated', sk: 'A', n: 1 });
    expect(await item('new')).toBeUndefined();
    expect(await item('deleted')).toEqual({ pk: 'deleted', sk: 'A', n: 1 });
    expect(await item('kept')).toEqual({ pk: 'kept', sk: 'A', n: 1 });
  });

  it('applies every item when all conditions hold', async () => {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName, Key: { pk: 'updated', sk: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 3 } } },
          { Put: { TableName, Item: { pk: 'fresh', sk: 'A', n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    expect(await item('updated')).toEqual({ pk: 'updated', sk: 'A', n: 3 });
    expect(await item('fresh')).toEqual({ pk: 'fresh', sk: 'A', n: 1 });
  });
});
