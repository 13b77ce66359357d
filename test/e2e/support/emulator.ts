import { randomUUID } from 'node:crypto';
import { AdminGetUserCommand, AdminListGroupsForUserCommand, CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { CognitoIdentityProvider } from '../../../lambdas/adapters/cognito/cognito-identity-provider';
import { DynamoUserRepository } from '../../../lambdas/adapters/dynamodb/dynamo-user-repository';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { logger } from '../../../lambdas/shared/logger';
import { randomIds, systemClock } from '../../../lambdas/shared/runtime';
import { cognitoPermanentPassword } from '../../../scripts/seed/permanent-password';
import { type PractitionerFixture, type SeededPractitioner, seedPractitioners } from '../../../scripts/seed/practitioners';
import { completeMfaSetup } from '../../../local/mfa-setup';
import { emailsAfter } from '../../../local/outbox';

/** The running local API and its emulator, as the global setup started them. */
export const local = inject('localApi');

/** SDK client settings for the emulator (endpoint, region, dummy credentials). */
export const clientConfig = {
  endpoint: local.emulatorEndpoint,
  region: local.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** SDK clients on the emulator: what the tests read moto's real state with (and what a frontend calls Cognito with). */
export const cognito = new CognitoIdentityProviderClient(clientConfig);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), { marshallOptions: { removeUndefinedValues: true } });

/** A new address on every call, so tests never share users. */
export function uniqueEmail(label: string): string {
  return `${label}.${randomUUID().slice(0, 8)}@example.com`;
}

/** The Cognito user with this email, as AdminGetUser returns it, with its attributes as a record. */
export async function cognitoUser(email: string) {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: local.userPoolId, Username: email }));
  const attributes = Object.fromEntries((user.UserAttributes ?? []).map(({ Name, Value }) => [Name, Value]));
  return { ...user, attributes };
}

/** How many Cognito users have this email (the real Cognito allows at most one). */
export async function cognitoUserCount(email: string): Promise<number> {
  const { Users = [] } = await cognito.send(new ListUsersCommand({ UserPoolId: local.userPoolId, Filter: `email = "${email}"` }));
  return Users.length;
}

export async function groupsOf(email: string): Promise<string[]> {
  const { Groups = [] } = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: local.userPoolId, Username: email }));
  return Groups.map((group) => group.GroupName as string);
}

/** One table item by key (consistent read), or undefined. */
export async function tableItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: local.tableName, Key: key, ConsistentRead: true }));
  return Item;
}

/** Writes items straight into the table (fixtures a test needs that no route creates). */
export async function putTableItems(items: readonly Record<string, unknown>[]): Promise<void> {
  await documents.send(new BatchWriteCommand({ RequestItems: { [local.tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));
}

/** The `User` record of `userId`. */
export const userRecord = (userId: string) => tableItem(keys.user(userId));

/** The emails SES accepted for this address so far, oldest first (from the emulator's outbox). */
export async function sesEmailsTo(email: string) {
  return (await emailsAfter(local.emulatorEndpoint)).filter((sent) => sent.via === 'ses' && sent.to.includes(email));
}

const identity = new CognitoIdentityProvider(cognito, { userPoolId: local.userPoolId, clientId: local.clientId });

/** Seeds a practitioner of the test's own (the seeding script's logic, over the production adapters on the emulator). */
export async function seedPractitioner(fixture: PractitionerFixture): Promise<SeededPractitioner> {
  const users = new DynamoUserRepository(documents, local.tableName);
  const setPermanentPassword = cognitoPermanentPassword(cognito, local.userPoolId);
  const [seeded] = await seedPractitioners({ identity, setPermanentPassword, users, clock: systemClock, newId: randomIds, logger }, [fixture]);
  return seeded;
}

/** A seeded practitioner who has signed in once and set up an authenticator app (MFA_SETUP), as real ones have. */
export async function seedPractitionerWithTotp(fixture: PractitionerFixture): Promise<SeededPractitioner & { totpSecret: string }> {
  const seeded = await seedPractitioner(fixture);
  const challenge = await identity.passwordAuth(fixture.email, fixture.password);
  if (challenge.kind !== 'challenge') throw new Error(`expected MFA_SETUP for ${fixture.email}, got ${challenge.kind}`);
  const { secret } = await completeMfaSetup(cognito, { clientId: local.clientId, username: fixture.email, session: challenge.session });
  return { ...seeded, totpSecret: secret };
}
