import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
  /** Read once per container and cached (the rate-limit key): the first invocation asks, later ones do not. */
  readonly perContainer?: true;
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
const ALL_CLIENTS: SdkClientClass[] = [CognitoIdentityProviderClient, DynamoDBClient, DynamoDBDocumentClient, SecretsManagerClient, SESv2Client];

const stubs = new Map<SdkClientClass, AwsStub<any, any, any>>();

function stubFor(client: SdkClientClass): AwsStub<any, any, any> {
  const existing = stubs.get(client);
  if (existing) return existing;
  const stub = mockClient(client);
  stubs.set(client, stub);
  return stub;
}

/** Calls sent since `installReplies` that no reply answered (`Client:Command`); they resolved to `undefined`. */
const unanswered: string[] = [];

/**
 * Resets every client stub and makes each of `replies` answer through `answer`. Dispatch is one
 * map lookup per call on the stub's default behaviour (no per-command sinon matchers, whose
 * argument matching would otherwise dominate a warm invocation).
 */
export function installReplies(replies: readonly SdkReply[], answer: Answer): void {
  unanswered.length = 0;
  for (const client of new Set([...ALL_CLIENTS, ...replies.map((reply) => reply.client)])) {
    const byCommand = new Map(replies.filter((reply) => reply.client === client).map((reply) => [reply.command as unknown, reply]));
    const stub = stubFor(client).reset();
    stub.send.callsFake(((command: { input: unknown }) => {
      const reply = byCommand.get(command.constructor);
      if (!reply) {
        unanswered.push(`${nameOf(client)}:${command.constructor.name}`);
        return Promise.resolve(undefined);
      }
      return answer(reply.command.name, () => reply.output(command.input));
    }) as never);
  }
}

/** Unanswered calls since `installReplies` (a scenario that misses them has left its happy path). */
export function unansweredCalls(): string[] {
  return [...unanswered];
}

/** Drops the stubs' call records (sinon keeps every call's arguments), so long runs do not grow the heap. */
export function clearCallHistory(): void {
  stubs.forEach((stub) => stub.resetHistory());
}

function nameOf(client: SdkClientClass): string {
  return (client as { name?: string }).name ?? 'client';
}
