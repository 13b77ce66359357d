import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandOutput,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { appClientInput, mfaConfigInput, userPoolInput } from '../../../local/aws-resources';
import { completeMfaSetup } from '../../../local/mfa-setup';
import { emailsAfter, type OutboxEmail } from '../../../local/outbox';
import { cognito, local } from './emulator';

/** A user pool of its own, configured exactly as the local API's (MFA required, the app client, the invitation template). */
export interface TestPool {
  readonly userPoolId: string;
  /** The backend's app client. */
  readonly clientId: string;
  /** A browser-style client: SRP and refresh only. */
  readonly srpClientId: string;
}

export async function createTestPool(): Promise<TestPool> {
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ ...userPoolInput(), PoolName: `plugin-test-${randomUUID().slice(0, 8)}` }));
  const userPoolId = UserPool?.Id as string;
  await cognito.send(new SetUserPoolMfaConfigCommand(mfaConfigInput(userPoolId)));
  const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand(appClientInput(userPoolId)));
  const { UserPoolClient: srpClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'srp',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  return { userPoolId, clientId: UserPoolClient?.ClientId as string, srpClientId: srpClient?.ClientId as string };
}

/** An invited user, as our adapter creates one (no TemporaryPassword, invitation by email). */
export async function inviteUser(pool: TestPool, email: string) {
  const { User } = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: email,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  return User;
}

/** A confirmed user with a permanent password and no MFA factor yet (as the seeding makes them). */
export async function confirmedUser(pool: TestPool, email: string, password: string): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: password, Permanent: true }));
}

export function passwordSignIn(pool: TestPool, email: string, password: string): Promise<AdminInitiateAuthCommandOutput> {
  return cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
}

/** Signs a factor-less user in and answers MFA_SETUP; returns the TOTP secret and the tokens. */
export async function enrolTotp(pool: TestPool, email: string, password: string) {
  const { ChallengeName, Session } = await passwordSignIn(pool, email, password);
  if (ChallengeName !== 'MFA_SETUP') throw new Error(`expected MFA_SETUP, got ${ChallengeName}`);
  return completeMfaSetup(cognito, { clientId: pool.clientId, username: email, session: Session as string });
}

/** The error a call fails with (the test fails if it succeeds). */
export async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** The emulator's outbox emails to `email`. */
export async function emailsTo(email: string): Promise<OutboxEmail[]> {
  return (await emailsAfter(local.emulatorEndpoint)).filter((mail) => mail.to.includes(email));
}

export const PASSWORD = 'Plugin-Test-Passw0rd!';
