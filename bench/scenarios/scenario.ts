import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { BaseTriggerEvent } from 'aws-lambda/trigger/cognito-user-pool-trigger/_common';
import type { SdkReply } from '../sdk-mocks';

/** A function the bench drives: an API route's handler, or a Cognito trigger's (it answers its event). */
export type BenchHandler = (event: never, context: Context) => Promise<unknown>;

/** The happy path of one flow, driven through its real handler with every AWS call mocked. */
export interface FlowScenario {
  /** Short flow name for the report, e.g. "provision". */
  readonly flow: string;
  /** Target: at most this many sequential rounds of AWS calls. */
  readonly maxRounds: number;
  /** An API Gateway proxy event, or the event Cognito invokes a trigger with. */
  readonly event: APIGatewayProxyEvent | BaseTriggerEvent<string>;
  /** An API route's happy-path status; none for a trigger, which must answer its event back. */
  readonly expectedStatus?: number;
  /** What AWS answers on the happy path, shaped like the real service's responses. */
  readonly replies: SdkReply[];
}

/** Why `answer` is not the scenario's happy path (undefined when it is): the wrong status, or a trigger that did not answer its event. */
export function missedHappyPath(scenario: FlowScenario, answer: unknown): string | undefined {
  if (scenario.expectedStatus === undefined) return answer === scenario.event ? undefined : 'the trigger did not answer its event';
  const { statusCode, body } = answer as APIGatewayProxyResult;
  return statusCode === scenario.expectedStatus ? undefined : `status ${statusCode}, expected ${scenario.expectedStatus}: ${body}`;
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
