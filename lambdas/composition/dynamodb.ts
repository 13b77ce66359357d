import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoUserRepository } from '../adapters/dynamodb/dynamo-user-repository';
import { requireEnv } from '../shared/config';
import { SDK_CLIENT_OPTIONS } from './sdk-options';

/** A DynamoDB document client that drops `undefined` attributes instead of failing on them. */
export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(SDK_CLIENT_OPTIONS), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The user repository on TABLE_NAME. Call once at module scope. */
export function userRepositoryFromEnv(documents: DynamoDBDocumentClient = documentClient()): DynamoUserRepository {
  return new DynamoUserRepository(documents, requireEnv('TABLE_NAME').TABLE_NAME);
}
