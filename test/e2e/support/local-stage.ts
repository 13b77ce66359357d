import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { emailsAfter } from '../../../local/outbox';
import type { Stage } from '../../smoke/stage';
import { clientConfig, cognito, local, uniqueEmail } from './emulator';

/** The local API as a smoke-test stage: its outbox is the mailbox, the emulator's clients the operator's. */
export const localStage: Stage = {
  apiUrl: local.apiUrl,
  userPoolId: local.userPoolId,
  webClientId: local.webClientId,
  cognito,
  admin: local.admin,
  emailWaitMs: 5_000,
  newAddress: uniqueEmail,
  emailsTo: async (address) => (await emailsAfter(local.emulatorEndpoint)).filter((email) => email.to.includes(address)),
  operator: {
    cognito,
    documents: DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), { marshallOptions: { removeUndefinedValues: true } }),
    tableName: local.tableName,
  },
};
