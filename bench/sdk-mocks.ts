import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** An SDK client class: its instances' `send` is what the bench answers. */
export interface SdkClientClass {
  readonly name: string;
  readonly prototype: { send: (command: any) => Promise<unknown> };
}

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

/** Calls sent since `installReplies` that no reply answered (`Client:Command`); they resolved to `undefined`. */
const unanswered: string[] = [];

/**
 * Makes every client's `send` answer `replies` through `answer`: one map lookup per call, on the
 * clients' prototypes (where aws-sdk-client-mock stubs them too, below the SDK's middleware). Not
 * aws-sdk-client-mock here: its sinon stub records every call and creates and throws an Error per
 * call to keep the call stack, which measured 200 µs of post-mfa-recovery-request's 420 µs warm p50; that is
 * the harness's work, not the handler's. (The tests use aws-sdk-client-mock.)
 */
export function installReplies(replies: readonly SdkReply[], answer: Answer): void {
  unanswered.length = 0;
  for (const client of new Set([...ALL_CLIENTS, ...replies.map((reply) => reply.client)])) {
    const byCommand = new Map(replies.filter((reply) => reply.client === client).map((reply) => [reply.command as unknown, reply]));
    client.prototype.send = (command: { input: unknown }) => {
      const reply = byCommand.get(command.constructor);
      if (!reply) {
        unanswered.push(`${client.name}:${command.constructor.name}`);
        return Promise.resolve(undefined);
      }
      return answer(reply.command.name, () => reply.output(command.input));
    };
  }
}

/** Unanswered calls since `installReplies` (a scenario that misses them has left its happy path). */
export function unansweredCalls(): string[] {
  return [...unanswered];
}
