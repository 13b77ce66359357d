import {
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  type CreateGroupCommandInput,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  SetUserPoolMfaConfigCommand,
  type SetUserPoolMfaConfigCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  PutResourcePolicyCommand,
  type PutResourcePolicyCommandInput,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, type CreateSecretCommandInput, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { randomBytes } from 'node:crypto';
import { ADMIN_INDEX, TABLE_KEYS } from '../lambdas/adapters/dynamodb/table-layout';
import { ADMINS_GROUP, USER_ID_ATTRIBUTE_NAME } from '../lambdas/shared/identity-settings';
import { INVITATION_MESSAGE, PASSWORD_POLICY, TOKEN_VALIDITY, USER_WRITABLE_ATTRIBUTES, WEB_READABLE_ATTRIBUTES } from '../lib/user-pool-settings';
import { lambdaConfig } from '../lib/cognito-triggers';
import { AUDIT_TABLE_DENIED_ACTIONS } from '../lib/constructs/database';
import { localTriggerArn } from './cognito-triggers';
import { LOCAL_REGION } from './environment';

/**
 * The stack's Cognito, DynamoDB and SES resources as API calls against the emulator. The values come
 * from the definitions the CDK constructs use (lib/user-pool-settings.ts, identity-settings.ts,
 * table-layout.ts); test/infra/local-parity.test.ts checks each input against the synthesized
 * template, so the local pool, client, group and table cannot drift from the deployed ones.
 */

export const LOCAL_TABLE_NAME = 'account-lifecycle-local';
export const LOCAL_AUDIT_TABLE_NAME = 'account-lifecycle-audit-local';
export const LOCAL_RATE_LIMIT_KEY_NAME = 'account-lifecycle-rate-limit-key-local';
export const LOCAL_RECOVERY_CODE_KEY_NAME = 'account-lifecycle-recovery-code-key-local';

/** A per-deployment HMAC key, as the stack's generated secrets: 64 random URL-safe characters (48 random bytes). */
function hmacKeyInput(name: string): CreateSecretCommandInput {
  return { Name: name, SecretString: randomBytes(48).toString('base64url') };
}

/** The attempt counters' HMAC key. */
export const rateLimitKeyInput = () => hmacKeyInput(LOCAL_RATE_LIMIT_KEY_NAME);
/** The saved recovery codes' HMAC key (its own, as in the stack). */
export const recoveryCodeKeyInput = () => hmacKeyInput(LOCAL_RECOVERY_CODE_KEY_NAME);

/** The user pool as `Identity` defines it: email is the case-insensitive username, TOTP MFA required, admins create users. */
export function userPoolInput(): CreateUserPoolCommandInput {
  return {
    PoolName: 'account-lifecycle-local',
    UsernameAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    AutoVerifiedAttributes: ['email'],
    MfaConfiguration: 'ON',
    Policies: {
      PasswordPolicy: {
        MinimumLength: PASSWORD_POLICY.minLength,
        RequireLowercase: PASSWORD_POLICY.requireLowercase,
        RequireUppercase: PASSWORD_POLICY.requireUppercase,
        RequireNumbers: PASSWORD_POLICY.requireDigits,
        RequireSymbols: PASSWORD_POLICY.requireSymbols,
        TemporaryPasswordValidityDays: PASSWORD_POLICY.tempPasswordValidityDays,
      },
    },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: true,
      InviteMessageTemplate: { EmailSubject: INVITATION_MESSAGE.subject, EmailMessage: INVITATION_MESSAGE.body },
    },
    Schema: [
      { Name: 'email', Required: true, Mutable: true },
      {
        Name: USER_ID_ATTRIBUTE_NAME,
        AttributeDataType: 'String',
        Mutable: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
      },
    ],
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    // The triggers the stack attaches (lib/cognito-triggers.ts); the plugin invokes them on the local API.
    LambdaConfig: lambdaConfig((handlerFile) => localTriggerArn(LOCAL_REGION, handlerFile)),
  };
}

/** TOTP as the only second factor (CloudFormation's `EnabledMfas: [SOFTWARE_TOKEN_MFA]`). */
export function mfaConfigInput(userPoolId: string): SetUserPoolMfaConfigCommandInput {
  return { UserPoolId: userPoolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } };
}

/** What both app clients share: no secret, no user-existence errors, the writable attributes, token lifetimes. */
function sharedClientSettings(userPoolId: string) {
  return {
    UserPoolId: userPoolId,
    GenerateSecret: false,
    PreventUserExistenceErrors: 'ENABLED',
    WriteAttributes: [...USER_WRITABLE_ATTRIBUTES],
    EnableTokenRevocation: true,
    AccessTokenValidity: TOKEN_VALIDITY.accessTokenMinutes,
    IdTokenValidity: TOKEN_VALIDITY.idTokenMinutes,
    RefreshTokenValidity: TOKEN_VALIDITY.refreshTokenDays * 24 * 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
  } satisfies Partial<CreateUserPoolClientCommandInput>;
}

/** The backend's app client: ADMIN_USER_PASSWORD_AUTH for the server-side flows. */
export function appClientInput(userPoolId: string): CreateUserPoolClientCommandInput {
  return { ...sharedClientSettings(userPoolId), ClientName: 'backend', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] };
}

/** The web app's public client: SRP only. */
export function webClientInput(userPoolId: string): CreateUserPoolClientCommandInput {
  return {
    ...sharedClientSettings(userPoolId),
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ReadAttributes: [...WEB_READABLE_ATTRIBUTES],
  };
}

export function adminsGroupInput(userPoolId: string): CreateGroupCommandInput {
  return { UserPoolId: userPoolId, GroupName: ADMINS_GROUP };
}

/** The audit table: string `pk`/`sk`, on-demand. */
export function auditTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** The single table: the audit table's keys, plus the admin index. */
export function tableInput(tableName: string): CreateTableCommandInput {
  const base = auditTableInput(tableName);
  return {
    ...base,
    AttributeDefinitions: [
      ...(base.AttributeDefinitions ?? []),
      { AttributeName: ADMIN_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: ADMIN_INDEX.sortKey, AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: ADMIN_INDEX.name,
        KeySchema: [
          { AttributeName: ADMIN_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: ADMIN_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/**
 * The audit table's resource policy, as the stack gives it (AuditTable, lib/constructs/database.ts):
 * every item change but PutItem denied to every principal. The emulator's IAM check evaluates its
 * Deny (local/moto_plugin/iam.py), so a function role granted more still cannot edit a record.
 */
export function auditTableResourcePolicyInput(tableArn: string): PutResourcePolicyCommandInput {
  return {
    ResourceArn: tableArn,
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AppendOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: [...AUDIT_TABLE_DENIED_ACTIONS], Resource: '*' }],
    }),
  };
}

export function timeToLiveInput(tableName: string): UpdateTimeToLiveCommandInput {
  return { TableName: tableName, TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLive, Enabled: true } };
}

/** The ids of what `createLocalResources` made, i.e. what the stack's outputs would say. */
export interface LocalResources {
  readonly userPoolId: string;
  readonly clientId: string;
  /** The web app's public client. */
  readonly webClientId: string;
  readonly tableName: string;
  readonly auditTableName: string;
  /** The attempt counters' HMAC key (its ARN; the functions read the value at first use). */
  readonly rateLimitKeySecretArn: string;
  /** The saved recovery codes' HMAC key (its ARN). */
  readonly recoveryCodeKeySecretArn: string;
}

export interface ResourceClients {
  readonly cognito: CognitoIdentityProviderClient;
  readonly dynamodb: DynamoDBClient;
  readonly ses: SESv2Client;
  readonly secrets: SecretsManagerClient;
}

/**
 * Creates the user pool (with TOTP MFA), both app clients, `admins` group, the tables (with TTL), the
 * attempt counters' key and the SES identity of the sender's domain, as the deployed stack has them.
 */
export async function createLocalResources(clients: ResourceClients, senderEmail: string): Promise<LocalResources> {
  const { UserPool } = await clients.cognito.send(new CreateUserPoolCommand(userPoolInput()));
  const userPoolId = UserPool?.Id as string;
  await clients.cognito.send(new SetUserPoolMfaConfigCommand(mfaConfigInput(userPoolId)));
  const { UserPoolClient } = await clients.cognito.send(new CreateUserPoolClientCommand(appClientInput(userPoolId)));
  const { UserPoolClient: webClient } = await clients.cognito.send(new CreateUserPoolClientCommand(webClientInput(userPoolId)));
  await clients.cognito.send(new CreateGroupCommand(adminsGroupInput(userPoolId)));

  for (const table of [tableInput(LOCAL_TABLE_NAME), auditTableInput(LOCAL_AUDIT_TABLE_NAME)]) {
    const { TableDescription } = await clients.dynamodb.send(new CreateTableCommand(table));
    await clients.dynamodb.send(new UpdateTimeToLiveCommand(timeToLiveInput(table.TableName as string)));
    if (table.TableName === LOCAL_AUDIT_TABLE_NAME) {
      await clients.dynamodb.send(new PutResourcePolicyCommand(auditTableResourcePolicyInput(TableDescription?.TableArn as string)));
    }
  }

  const { ARN: rateLimitKeySecretArn } = await clients.secrets.send(new CreateSecretCommand(rateLimitKeyInput()));
  const { ARN: recoveryCodeKeySecretArn } = await clients.secrets.send(new CreateSecretCommand(recoveryCodeKeyInput()));

  // The stack's IAM grant names the sender's domain identity; SES accepts any address on it.
  await clients.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: senderEmail.split('@')[1] }));

  return {
    userPoolId,
    clientId: UserPoolClient?.ClientId as string,
    webClientId: webClient?.ClientId as string,
    tableName: LOCAL_TABLE_NAME,
    auditTableName: LOCAL_AUDIT_TABLE_NAME,
    rateLimitKeySecretArn: rateLimitKeySecretArn as string,
    recoveryCodeKeySecretArn: recoveryCodeKeySecretArn as string,
  };
}
