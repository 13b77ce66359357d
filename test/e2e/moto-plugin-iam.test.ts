import { randomUUID } from 'node:crypto';
import { AdminDeleteUserCommand, AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableInput } from '../../local/aws-resources';
import {
  createFunctionRole,
  EMULATOR_ACCOUNT_ID,
  functionRoleName,
  type PolicyStatement,
  policyDocument,
  ROLE_POLICY_NAME,
  type RoleCredentials,
} from '../../local/function-roles';
import { ADMIN_INDEX } from '../../lambdas/adapters/dynamodb/table-layout';
import { clientConfig, local } from './support/emulator';
import { createTestPool, failure } from './support/plugin-pool';

/**
 * IAM with resources and conditions (local/moto_plugin/iam.py): a role session may do what its
 * policy allows on the resources it names, under its conditions, and nothing else; the emulator's
 * administrator may do anything.
 */

const admin = { iam: new IAMClient(clientConfig), sts: new STSClient(clientConfig) };
const arn = (service: string, resource: string) => `arn:aws:${service}:${local.region}:${EMULATOR_ACCOUNT_ID}:${resource}`;
const TableName = `iam-test-${randomUUID().slice(0, 8)}`;
const adminDocuments = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));

/** A role of its own with `statements`, and its session's credentials. */
async function roleWith(statements: PolicyStatement[]): Promise<{ name: string; credentials: RoleCredentials }> {
  const name = `iam-test-${randomUUID().slice(0, 8)}`;
  return { name, credentials: await createFunctionRole(admin, name, statements) };
}

const as = (credentials: RoleCredentials) => ({ ...clientConfig, credentials });

describe('Cognito: the user pool ARN', () => {
  let userPoolId: string;
  let cognito: CognitoIdentityProviderClient;
  beforeAll(async () => {
    ({ userPoolId } = await createTestPool());
    const { credentials } = await roleWith([{ Effect: 'Allow', Action: 'cognito-idp:AdminGetUser', Resource: arn('cognito-idp', `userpool/${userPoolId}`) }]);
    cognito = new CognitoIdentityProviderClient(as(credentials));
  });

  it('allows a granted action on the granted pool (moto answers it)', async () => {
    const answer = await failure(cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'nobody@example.com' })));
    expect(answer.name).toBe('UserNotFoundException');
  });

  it('denies the same action on another pool, and another action on the same pool', async () => {
    const otherPool = await failure(cognito.send(new AdminGetUserCommand({ UserPoolId: local.userPoolId, Username: local.admin.email })));
    expect(otherPool.name).toBe('AccessDeniedException');
    expect(otherPool.message).toContain(`cognito-idp:AdminGetUser on resource: ${arn('cognito-idp', `userpool/${local.userPoolId}`)}`);
    const otherAction = await failure(cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: 'nobody@example.com' })));
    expect(otherAction.name).toBe('AccessDeniedException');
    expect(otherAction.message).toMatch(/assumed-role\/local-iam-test-\w+\/iam-test-\w+ is not authorized to perform: cognito-idp:AdminDeleteUser/);
  });

  it('lets an explicit Deny win over an Allow', async () => {
    const pool = arn('cognito-idp', `userpool/${userPoolId}`);
    const { credentials } = await roleWith([
      { Effect: 'Allow', Action: 'cognito-idp:*', Resource: '*' },
      { Effect: 'Deny', Action: 'cognito-idp:AdminGetUser', Resource: pool },
    ]);
    const denied = await failure(
      new CognitoIdentityProviderClient(as(credentials)).send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'x@example.com' })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('explicit deny');
  });

  it('refuses a key no role or user holds, as AWS refuses an unknown key', async () => {
    const stranger = new CognitoIdentityProviderClient({ ...clientConfig, credentials: { accessKeyId: 'AKIASTRANGER0000000', secretAccessKey: 'x' } });
    const refused = await failure(stranger.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'x@example.com' })));
    expect(refused.name).not.toBe('UserNotFoundException');
    expect(refused.name).toBe('UnrecognizedClientException');
  });
});

describe('DynamoDB: table and index ARNs, dynamodb:LeadingKeys', () => {
  let documents: DynamoDBDocumentClient;
  const tableArn = arn('dynamodb', `table/${TableName}`);
  beforeAll(async () => {
    await adminDocuments.send(new CreateTableCommand(tableInput(TableName)));
    await adminDocuments.send(new PutCommand({ TableName, Item: { pk: 'USER#1', sk: 'A', n: 1 } }));
    const { credentials } = await roleWith([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: tableArn,
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
      },
    ]);
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(as(credentials)));
  });

  it('allows reads and writes of the granted partitions', async () => {
    expect((await documents.send(new GetCommand({ TableName, Key: { pk: 'USER#1', sk: 'A' } }))).Item).toEqual({ pk: 'USER#1', sk: 'A', n: 1 });
    const { Items } = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': 'USER#1' },
      }),
    );
    expect(Items).toHaveLength(1);
  });

  it('denies another partition, another table and the index, for a get, a put and a query', async () => {
    const otherPartition = await failure(documents.send(new GetCommand({ TableName, Key: { pk: 'EMAIL#a@example.com', sk: 'A' } })));
    expect(otherPartition.name).toBe('AccessDeniedException');
    expect(otherPartition.message).toContain(`dynamodb:GetItem on resource: ${tableArn}`);
    expect((await failure(documents.send(new PutCommand({ TableName, Item: { pk: 'RATE#x', sk: 'A' } })))).name).toBe('AccessDeniedException');
    const query = failure(documents.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'RATE#x' } })));
    expect((await query).name).toBe('AccessDeniedException');
    expect((await failure(documents.send(new GetCommand({ TableName: local.tableName, Key: { pk: 'USER#1', sk: 'A' } })))).name).toBe('AccessDeniedException');
    const index = await failure(
      documents.send(
        new QueryCommand({
          TableName,
          IndexName: ADMIN_INDEX.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': ADMIN_INDEX.partitionKey },
          ExpressionAttributeValues: { ':pk': 'ADMINS' },
        }),
      ),
    );
    expect(index.message).toContain(`on resource: ${tableArn}/index/${ADMIN_INDEX.name}`);
  });

  it('authorizes every item of a transaction as its own action: one refused item refuses it all, before anything is written', async () => {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'USER#2', sk: 'A' } } },
          { Update: { TableName, Key: { pk: 'USER#1', sk: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } } },
        ],
      }),
    );
    const mixed = await failure(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName, Item: { pk: 'USER#3', sk: 'A' } } }, { Put: { TableName, Item: { pk: 'EMAIL#b@example.com', sk: 'A' } } }],
        }),
      ),
    );
    expect(mixed.name).toBe('AccessDeniedException');
    expect(mixed.message).toContain('dynamodb:PutItem');
    const conditionCheck = await failure(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [{ ConditionCheck: { TableName, Key: { pk: 'USER#1', sk: 'A' }, ConditionExpression: 'attribute_exists(pk)' } }],
        }),
      ),
    );
    expect(conditionCheck.message).toContain('dynamodb:ConditionCheckItem');
    const stored = async (pk: string) => (await adminDocuments.send(new GetCommand({ TableName, Key: { pk, sk: 'A' }, ConsistentRead: true }))).Item;
    expect(await stored('USER#2')).toBeDefined();
    expect((await stored('USER#1'))?.n).toBe(2);
    expect(await stored('USER#3')).toBeUndefined();
    expect(await stored('EMAIL#b@example.com')).toBeUndefined();
  });
});

describe("DynamoDB: the audit table's resource policy (append-only), whatever the role's policy allows", () => {
  // The local API puts the stack's policy on its audit table (auditTableResourcePolicyInput); a role
  // granted every item action there may still only add records, as in AWS.
  const AuditTable = local.auditTableName;
  const key = { pk: `USER#${randomUUID()}`, sk: '2026-12-05T00:00:00.000Z#resource-policy-test#TEST' };
  let documents: DynamoDBDocumentClient;
  beforeAll(async () => {
    const { credentials } = await roleWith([{ Effect: 'Allow', Action: 'dynamodb:*', Resource: arn('dynamodb', `table/${AuditTable}`) }]);
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(as(credentials)));
  });

  it('allows PutItem; denies UpdateItem, DeleteItem, BatchWriteItem and a transaction updating a record, which stays as written', async () => {
    await documents.send(new PutCommand({ TableName: AuditTable, Item: { ...key, event: 'TEST' } }));
    const refused = await Promise.all([
      failure(
        documents.send(
          new UpdateCommand({ TableName: AuditTable, Key: key, UpdateExpression: 'SET event = :e', ExpressionAttributeValues: { ':e': 'EDITED' } }),
        ),
      ),
      failure(documents.send(new DeleteCommand({ TableName: AuditTable, Key: key }))),
      failure(documents.send(new BatchWriteCommand({ RequestItems: { [AuditTable]: [{ DeleteRequest: { Key: key } }] } }))),
      failure(
        documents.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: { TableName: AuditTable, Key: key, UpdateExpression: 'SET event = :e', ExpressionAttributeValues: { ':e': 'EDITED' } } }],
          }),
        ),
      ),
    ]);
    for (const answer of refused) {
      expect(answer.name).toBe('AccessDeniedException');
      expect(answer.message).toContain('explicit deny in a resource-based policy');
    }
    expect((await adminDocuments.send(new GetCommand({ TableName: AuditTable, Key: key }))).Item).toEqual({ ...key, event: 'TEST' });
  });
});

describe('SES SendEmail: the identity ARN and ses:FromAddress', () => {
  const email = (from: string) =>
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: ['someone@example.com'] },
      Content: { Simple: { Subject: { Data: 'iam test' }, Body: { Text: { Data: 'iam test' } } } },
    });

  it('allows the granted sender on the domain identity, and refuses another sender or identity', async () => {
    const { credentials } = await roleWith([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: arn('ses', 'identity/example.com'),
        Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@example.com' } },
      },
    ]);
    const ses = new SESv2Client(as(credentials));
    expect((await ses.send(email('no-reply@example.com'))).MessageId).toBeDefined();
    const otherSender = await failure(ses.send(email('someone-else@example.com')));
    expect(otherSender.name).toBe('AccessDeniedException');
    expect(otherSender.message).toContain(`ses:SendEmail on resource: ${arn('ses', 'identity/example.com')}`);

    const { credentials: elsewhere } = await roleWith([{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: arn('ses', 'identity/example.org') }]);
    expect((await failure(new SESv2Client(as(elsewhere)).send(email('no-reply@example.com')))).name).toBe('AccessDeniedException');
  });
});

describe('Secrets Manager: the secret ARN, however SecretId names it', () => {
  it('allows the granted secret by name or ARN, and refuses another', async () => {
    const secrets = new SecretsManagerClient(clientConfig);
    const { ARN: granted } = await secrets.send(new CreateSecretCommand({ Name: `iam-test-${randomUUID().slice(0, 8)}`, SecretString: 'granted' }));
    const { ARN: other } = await secrets.send(new CreateSecretCommand({ Name: `iam-test-${randomUUID().slice(0, 8)}`, SecretString: 'other' }));
    const { name, credentials } = await roleWith([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: granted }]);
    const reader = new SecretsManagerClient(as(credentials));
    expect((await reader.send(new GetSecretValueCommand({ SecretId: granted }))).SecretString).toBe('granted');
    expect((await reader.send(new GetSecretValueCommand({ SecretId: granted?.split(':secret:')[1].replace(/-\w{6}$/, '') }))).SecretString).toBe('granted');
    expect((await failure(reader.send(new GetSecretValueCommand({ SecretId: other })))).name).toBe('AccessDeniedException');

    // A policy changed in place applies to the next call, as IAM's does (eventually) in AWS.
    await admin.iam.send(
      new PutRolePolicyCommand({
        RoleName: functionRoleName(name),
        PolicyName: ROLE_POLICY_NAME,
        PolicyDocument: policyDocument([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: other as string }]),
      }),
    );
    expect((await failure(reader.send(new GetSecretValueCommand({ SecretId: granted })))).name).toBe('AccessDeniedException');
  });
});
