import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import { TEST_INBOX_PREFIX } from '../../lib/constructs/test-inbox';
import type { Stage, StageEmail } from '../smoke/stage';

/**
 * A deployed stack as a smoke-test stage (docs/smoke-tests.md). Everything comes from the
 * environment, so nothing about a real account is in the repository:
 * - DEPLOYED_OUTPUTS: `cdk deploy --outputs-file` JSON (default cdk-outputs.json), for the API URL,
 *   pool, web client, table and test-inbox bucket;
 * - SMOKE_ADMIN_EMAIL / SMOKE_ADMIN_PASSWORD / SMOKE_ADMIN_TOTP_SECRET: an existing admin;
 * - AWS credentials and AWS_REGION in the usual SDK variables: the operator's, for seeding one
 *   practitioner, reading the inbox bucket and cleaning up.
 */
export function deployedStage(env: NodeJS.ProcessEnv = process.env): Stage {
  const outputsFile = env.DEPLOYED_OUTPUTS ?? 'cdk-outputs.json';
  const outputs = stackOutputs(JSON.parse(readFileSync(outputsFile, 'utf8')));
  const { TestInboxBucket: bucket, TestInboxDomain: domain } = outputs;
  if (!bucket || !domain) throw new Error(`${outputsFile} has no TestInboxBucket/TestInboxDomain: deploy with -c testInboxDomain=<a verified test domain>`);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('Set AWS_REGION to the stack’s region');
  const s3 = new S3Client({ region });
  const parsed = new Map<string, StageEmail>();
  const cognito = new CognitoIdentityProviderClient({ region });
  return {
    apiUrl: required(outputs, 'ApiUrl').replace(/\/$/, ''),
    userPoolId: required(outputs, 'UserPoolId'),
    webClientId: required(outputs, 'WebClientId'),
    cognito,
    admin: {
      email: requiredEnv(env, 'SMOKE_ADMIN_EMAIL'),
      password: requiredEnv(env, 'SMOKE_ADMIN_PASSWORD'),
      totpSecret: requiredEnv(env, 'SMOKE_ADMIN_TOTP_SECRET'),
    },
    // SES receipt usually takes seconds; allow for a slow minute.
    emailWaitMs: 90_000,
    newAddress: (label) => `${label}-${randomUUID().slice(0, 8)}@${domain}`,
    async emailsTo(address) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: TEST_INBOX_PREFIX }));
      const objects = (listed.Contents ?? []).sort((a, b) => Number(a.LastModified) - Number(b.LastModified));
      for (const { Key } of objects) {
        if (!Key || parsed.has(Key)) continue;
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
        const mail = await simpleParser(Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()));
        const to = [mail.to].flat().flatMap((field) => field?.value.map((entry) => entry.address ?? '') ?? []);
        parsed.set(Key, { to, subject: mail.subject ?? '', body: typeof mail.html === 'string' ? mail.html : (mail.text ?? '') });
      }
      return [...parsed.values()].filter((mail) => mail.to.includes(address));
    },
    operator: {
      cognito,
      documents: DynamoDBDocumentClient.from(new DynamoDBClient({ region }), { marshallOptions: { removeUndefinedValues: true } }),
      tableName: required(outputs, 'TableName'),
    },
  };
}

/** The outputs of the one stack in a `cdk deploy --outputs-file` file (`{ "<stack>": { "<output>": "<value>" } }`). */
function stackOutputs(file: Record<string, Record<string, string>>): Record<string, string> {
  const stacks = Object.values(file);
  if (stacks.length !== 1) throw new Error(`expected the outputs of one stack, found ${stacks.length}`);
  return stacks[0];
}

function required(outputs: Record<string, string>, name: string): string {
  const value = outputs[name];
  if (!value) throw new Error(`the stack outputs have no ${name}`);
  return value;
}

function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Set ${name} (docs/smoke-tests.md)`);
  return value;
}
