import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CognitoIdentityProvider } from '../../../../lambdas/adapters/cognito/cognito-identity-provider';
import { DynamoUserRepository } from '../../../../lambdas/adapters/dynamodb/dynamo-user-repository';
import { keys } from '../../../../lambdas/adapters/dynamodb/table-layout';
import { documentClient } from '../../../../lambdas/composition/dynamodb';
import { hashRecoveryToken } from '../../../../lambdas/mfa-recovery/recovery-token';
import { logger } from '../../../../lambdas/shared/logger';
import { randomIds, systemClock } from '../../../../lambdas/shared/runtime';
import { cognitoPermanentPassword } from '../../../../scripts/seed/permanent-password';
import { type PractitionerFixture, seedPractitioners } from '../../../../scripts/seed/practitioners';
import { mockClient, outsideAnyFunction } from '../../../support/aws-mocks';
import { testKeySecret } from '../../../support/rate-limit-key';
import { secret } from '../../../support/secrets';
import { FakeTable } from './fake-table';
import { FakeUserPool } from './fake-user-pool';

/** A practitioner with one license. Password and license number carry the log-hygiene marker. */
export const ADA = {
  userId: 'user-ada',
  email: 'ada.nurse@example.com',
  password: secret('Correct-Horse-1'),
  licenses: [{ jurisdiction: 'CA', licenseType: 'RN', licenseNumber: 'S3CR3T95123', dateOfBirth: '1985-04-12' }],
} as const satisfies PractitionerFixture;

/** A practitioner holding two licenses in different jurisdictions. */
export const GRACE = {
  userId: 'user-grace',
  email: 'grace.doctor@example.com',
  password: secret('Grace-Hopper-2'),
  licenses: [
    { jurisdiction: 'NY', licenseType: 'MD', licenseNumber: 'S3CR3T301234', dateOfBirth: '1979-11-03' },
    { jurisdiction: 'NJ', licenseType: 'MD', licenseNumber: 'S3CR3T25MA09876', dateOfBirth: '1979-11-03' },
  ],
} as const satisfies PractitionerFixture;

/** The dates of birth of the fixture practitioners (they cannot carry the secret marker; see log-checks.ts). */
export const FIXTURE_DATES_OF_BIRTH: readonly string[] = [...ADA.licenses, ...GRACE.licenses].map((license) => license.dateOfBirth);

/** One AWS call as the world saw it, e.g. "dynamodb:GetItem" or "cognito:AdminDeleteUser". */
export type CallName = string;

/**
 * A fault on the `index`-th AWS call (0-based, across all clients): `before` fails it without effect,
 * `after` lets it take effect and then fails it (a lost response or a timeout after the write).
 */
export interface Fault {
  readonly index: number;
  readonly when: 'before' | 'after';
  readonly error: () => Error;
}

/** A fault on the first call, from now on, that `matches` accepts (it sees the call already in `log`). */
export interface MatchingFault extends Omit<Fault, 'index'> {
  readonly matches: (call: LoggedCall) => boolean;
}

/** One AWS call with its input, and whether a fault failed it. */
export interface LoggedCall {
  readonly name: CallName;
  readonly input: any;
  failed: boolean;
}

/**
 * Stateful fakes of DynamoDB, Cognito and SES behind aws-sdk-client-mock: the handlers and adapters
 * run unchanged, every AWS call is recorded in order, and any call can be made to fail.
 * Create once per test file (it installs the mocks), `reset()` before each test.
 */
export function recoveryWorld() {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const cognito = mockClient(CognitoIdentityProviderClient);
  const ses = mockClient(SESv2Client);
  const secrets = mockClient(SecretsManagerClient);

  const world = {
    dynamo,
    cognito,
    ses,
    secrets,
    table: new FakeTable(),
    pool: new FakeUserPool(),
    outbox: [] as { to: string; from: string; subject: string; text: string; html: string }[],
    calls: [] as CallName[],
    /** The same calls with their inputs and outcome, for tests that tell calls of one kind apart. */
    log: [] as LoggedCall[],
    faults: [] as Fault[],
    matchingFaults: [] as MatchingFault[],
    /** Fresh, empty fakes; no recorded calls, no faults. */
    reset,
    /** Seeds practitioners with the real seeding code (through the fakes), then forgets those calls. */
    seed,
    /** Fails the AWS calls listed, counting from now. */
    failCalls,
    /** Fails, for each fault, the first call from now on that it matches. */
    failMatching,
    /** The token in the last recovery-link email sent to `email`. */
    lastTokenSentTo,
    tokenItem: (token: string) => world.table.item(keys.recoveryToken(hashRecoveryToken(token))),
    userItem: (userId: string) => world.table.item(keys.user(userId)),
  };

  function route<I, O>(name: CallName, answer: (input: I) => O) {
    return async (input: I): Promise<O> => {
      const index = world.calls.length;
      world.calls.push(name);
      const call: LoggedCall = { name, input: structuredClone(input), failed: false };
      world.log.push(call);
      const fault = world.faults.find((candidate) => candidate.index === index) ?? takeMatchingFault(call);
      call.failed = fault !== undefined;
      if (fault?.when === 'before') throw fault.error();
      const output = answer(structuredClone(input));
      if (fault?.when === 'after') throw fault.error();
      return output;
    };
  }

  function reset(): void {
    world.table = new FakeTable();
    world.pool = new FakeUserPool();
    world.outbox.length = 0;
    world.calls.length = 0;
    world.log.length = 0;
    world.faults.length = 0;
    world.matchingFaults.length = 0;
    for (const client of [dynamo, cognito, ses, secrets]) client.reset();
    const table = () => world.table;
    const pool = () => world.pool;
    dynamo.on(GetCommand).callsFake(route('dynamodb:GetItem', (input: any) => table().get(input)));
    dynamo.on(BatchGetCommand).callsFake(route('dynamodb:BatchGetItem', (input: any) => table().batchGet(input)));
    dynamo.on(PutCommand).callsFake(route('dynamodb:PutItem', (input: any) => table().putItem(input)));
    dynamo.on(UpdateCommand).callsFake(route('dynamodb:UpdateItem', (input: any) => table().update(input)));
    dynamo.on(QueryCommand).callsFake(route('dynamodb:Query', (input: any) => table().query(input)));
    dynamo.on(TransactWriteCommand).callsFake(route('dynamodb:TransactWriteItems', (input: any) => table().transactWrite(input)));
    cognito.on(AdminGetUserCommand).callsFake(route('cognito:AdminGetUser', (input: any) => pool().adminGetUser(input)));
    cognito.on(AdminCreateUserCommand).callsFake(route('cognito:AdminCreateUser', (input: any) => pool().adminCreateUser(input)));
    cognito.on(AdminDeleteUserCommand).callsFake(route('cognito:AdminDeleteUser', (input: any) => pool().adminDeleteUser(input)));
    cognito.on(AdminSetUserPasswordCommand).callsFake(route('cognito:AdminSetUserPassword', (input: any) => pool().adminSetUserPassword(input)));
    cognito.on(AdminInitiateAuthCommand).callsFake(route('cognito:AdminInitiateAuth', (input: any) => pool().adminInitiateAuth(input)));
    cognito.on(AdminDeleteSoftwareTokenCommand).callsFake(route('cognito:AdminDeleteSoftwareToken', (input: any) => pool().adminDeleteSoftwareToken(input)));
    cognito.on(AdminUserGlobalSignOutCommand).callsFake(route('cognito:AdminUserGlobalSignOut', (input: any) => pool().adminUserGlobalSignOut(input)));
    cognito.on(AdminAddUserToGroupCommand).callsFake(route('cognito:AdminAddUserToGroup', (input: any) => pool().adminAddUserToGroup(input)));
    cognito.on(AdminListGroupsForUserCommand).callsFake(route('cognito:AdminListGroupsForUser', (input: any) => pool().adminListGroupsForUser(input)));
    cognito
      .on(AdminRespondToAuthChallengeCommand)
      .callsFake(route('cognito:AdminRespondToAuthChallenge', (input: any) => pool().adminRespondToAuthChallenge(input)));
    cognito.on(AdminDisableUserCommand).callsFake(route('cognito:AdminDisableUser', (input: any) => pool().adminDisableUser(input)));
    cognito.on(AdminEnableUserCommand).callsFake(route('cognito:AdminEnableUser', (input: any) => pool().adminEnableUser(input)));
    // The attempt counters' key, or the recovery codes': each read once per container (handler module), at first use.
    secrets.on(GetSecretValueCommand).callsFake(route('secretsmanager:GetSecretValue', (input: { SecretId?: string }) => testKeySecret(input)));
    ses.on(SendEmailCommand).callsFake(
      route('ses:SendEmail', (input: any) => {
        const simple = input.Content.Simple;
        world.outbox.push({
          to: input.Destination.ToAddresses[0],
          from: input.FromEmailAddress,
          subject: simple.Subject.Data,
          text: simple.Body.Text.Data,
          html: simple.Body.Html.Data,
        });
        return { MessageId: `message-${world.outbox.length}` };
      }),
    );
  }

  async function seed(...fixtures: PractitionerFixture[]): Promise<void> {
    const client = new CognitoIdentityProviderClient({});
    const userPoolId = process.env.COGNITO_USER_POOL_ID as string;
    const identity = new CognitoIdentityProvider(client, { userPoolId, clientId: process.env.COGNITO_CLIENT_ID as string });
    const users = new DynamoUserRepository(documentClient(), process.env.TABLE_NAME as string);
    const setPermanentPassword = cognitoPermanentPassword(client, userPoolId);
    await outsideAnyFunction('the test world seeded with the seeding script, which an operator runs', () =>
      seedPractitioners({ identity, setPermanentPassword, users, clock: systemClock, newId: randomIds, logger }, fixtures),
    );
    // Seeded users have registered an authenticator app, like the real users who lose it.
    for (const user of world.pool.users.values()) user.mfaConfigured = true;
    world.calls.length = 0;
    world.log.length = 0;
  }

  function failCalls(...faults: Fault[]): void {
    world.faults.push(...faults.map((fault) => ({ ...fault, index: world.calls.length + fault.index })));
  }

  function failMatching(...faults: MatchingFault[]): void {
    world.matchingFaults.push(...faults);
  }

  function takeMatchingFault(call: LoggedCall): MatchingFault | undefined {
    const index = world.matchingFaults.findIndex((fault) => fault.matches(call));
    return index === -1 ? undefined : world.matchingFaults.splice(index, 1)[0];
  }

  function lastTokenSentTo(email: string): string {
    const token = world.outbox
      .filter((sent) => sent.to === email)
      .map((sent) => /#token=([A-Za-z0-9_-]+)/.exec(sent.text)?.[1])
      .filter((found) => found !== undefined)
      .at(-1);
    if (!token) throw new Error(`no recovery email with a token was sent to ${email}`);
    return token;
  }

  reset();
  return world;
}

export type RecoveryWorld = ReturnType<typeof recoveryWorld>;
