import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { SdkReply } from '../sdk-mocks';

/** The happy path of one flow, driven through its real handler with every AWS call mocked. */
export interface FlowScenario {
  /** Short flow name for the report, e.g. "provision". */
  readonly flow: string;
  /** Target: at most this many sequential rounds of AWS calls. */
  readonly maxRounds: number;
  readonly event: APIGatewayProxyEvent;
  /** The status the happy path answers with; anything else means the mocks missed the happy path. */
  readonly expectedStatus: number;
  /** What AWS answers on the happy path, shaped like the real service's responses. */
  readonly replies: SdkReply[];
}

/** A successful SDK response: the body plus the `$metadata` every SDK output carries. */
export function ok<T extends object>(body: T): T & { $metadata: object } {
  return { ...body, $metadata: { httpStatusCode: 200, requestId: '5f0c1d2e-bench-4000-8000-000000000000', attempts: 1, totalRetryDelay: 0 } };
}

/** Rate-limit counters: the first attempt in the window. */
export const countAttempt: SdkReply = { client: DynamoDBDocumentClient, command: UpdateCommand, output: () => ok({ Attributes: { attempts: 1 } }) };

/** The attempt counters' HMAC key, read at a container's first attempt (64 characters, as the stack generates). */
export const rateLimitKey: SdkReply = {
  client: SecretsManagerClient,
  command: GetSecretValueCommand,
  output: () => ok({ Name: 'RateLimitKey', SecretString: 'BenchRateLimitKey0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJK', VersionId: 'v1' }),
  perContainer: true,
};

/** An opaque Cognito session string of realistic length (~920 characters). */
export const SESSION = Buffer.from('bench-cognito-session/'.repeat(31)).toString('base64');

/** The invocation context Lambda passes with every event (the handler adds it to its log context). */
export function lambdaContext(handler: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: handler,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${handler}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${handler}`,
    logStreamName: '2026/11/23/[$LATEST]bench',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
