import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoSignedInUsers } from '../adapters/dynamodb/dynamo-signed-in-users';
import { signedInUserCheck, type UserCheck } from '../identity/signed-in-user-check';
import { requireEnv } from '../shared/config';
import { documentClient } from './dynamodb';

/** The check every `user` route runs on its caller (see signedInUserCheck). Call once at module scope. */
export function signedInUserCheckFromEnv(documents: DynamoDBDocumentClient = documentClient()): UserCheck {
  return signedInUserCheck(new DynamoSignedInUsers(documents, requireEnv('TABLE_NAME').TABLE_NAME));
}
