import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';

/** An SDK client class, as aws-sdk-client-mock stubs it. */
export type SdkClientClass = Parameters<typeof mockClient>[0];

/** One mocked AWS call of a scenario: `client.send(new command(input))` answers `output(input)`. */
export interface SdkReply {
  readonly client: SdkClientClass;
  readonly command: new (input: any) => unknown;
  readonly output: (input: any) => object;
}

/**
 * How a mocked call answers: `answer()` builds the reply. The warm benchmark resolves at once; the
 * round counter waits a little and records when the call started and ended.
 */
export type Answer = (command: string, answer: () => object) => Promise<object>;

/**
 * Every SDK client class the project depends on. All are stubbed for every scenario, so a call a
 * scenario did not expect is answered by nothing (and reported), never sent to AWS.
 */
const ALL_CLIENTS: SdkClientClass[] = [CognitoIdentityProviderClient, DynamoDBClient, DynamoDBDocumentClient, SESv2Client];

const stubs = new Map<SdkClientClass, AwsStub<any, any, any>>();

function stubFor(client: SdkClientClass): AwsStub<any, any, any> {
  const existing = stubs.get(client);
  if (existing) return existing;
  const stub = mockClient(client);
  stubs.set(client, stub);
  return stub;
}

/** Resets every client stub and makes each of `replies` answer through `answer`. */
export function installReplies(replies: readonly SdkReply[], answer: Answer): void {
  [...ALL_CLIENTS, ...replies.map((reply) => reply.client)].forEach((client) => stubFor(client).reset());
  for (const reply of replies) {
    stubFor(reply.client)
      .on(reply.command as never)
      .callsFake((input: unknown) => answer(reply.command.name, () => reply.output(input)));
  }
}

/** Names of the commands sent since `installReplies` that no reply answered (they resolved to `undefined`). */
export function unansweredCalls(replies: readonly SdkReply[]): string[] {
  const answered = new Set(replies.map((reply) => `${nameOf(reply.client)}:${reply.command.name}`));
  return [...stubs.entries()].flatMap(([client, stub]) =>
    stub
      .calls()
      .map((call) => `${nameOf(client)}:${(call.args[0] as object).constructor.name}`)
      .filter((key) => !answered.has(key)),
  );
}

function nameOf(client: SdkClientClass): string {
  return (client as { name?: string }).name ?? 'client';
}
