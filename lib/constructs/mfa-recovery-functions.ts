import { Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type MfaRecoveryStrategy, RECOVERY_LEASE_MS } from '../../lambdas/mfa-recovery/confirm-mfa-reset';
import { MFA_RECOVERY_DEFAULTS, type MfaRecoveryKnob } from '../../lambdas/mfa-recovery/settings';
import { ApiFunction } from './api-function';
import type { AuditTable } from './database';
import type { RateLimitKey } from './rate-limit-key';

export interface MfaRecoveryFunctionsProps {
  readonly table: dynamodb.ITableV2;
  /** Where issuing a link and completing a recovery append their audit records (in the token's transaction). */
  readonly auditTable: AuditTable;
  /** The HMAC key of the attempt counters both functions keep. */
  readonly rateLimitKey: RateLimitKey;
  readonly userPool: cognito.IUserPool;
  /** COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, FRONTEND_ORIGIN: what every handler gets. */
  readonly baseEnvironment: Record<string, string>;
  /** Page that reads `#token=` from the emailed link and calls POST /mfa-recovery/confirm (docs/mfa-recovery.md: the recovery page). */
  readonly recoveryUrlBase: string;
  /** Sender of the recovery email; its domain must be a verified SES identity in the stack's account and region. */
  readonly senderEmail: string;
  /** Overrides of MIN_RESPONSE_MS and the attempt limits (defaults: MFA_RECOVERY_DEFAULTS). */
  readonly knobs?: Partial<Record<MfaRecoveryKnob, number>>;
  /** How confirm recovers the account (default `reset`; `recreate` where AdminDeleteSoftwareToken is not offered). */
  readonly strategy?: MfaRecoveryStrategy;
}

/**
 * The Cognito calls each confirm strategy makes, and no others. Both read the user first
 * (AdminGetUser: the account guard decides before anything changes).
 */
const CONFIRM_COGNITO_ACTIONS: Record<MfaRecoveryStrategy, string[]> = {
  reset: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteSoftwareToken', 'cognito-idp:AdminCreateUser'],
  recreate: [
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminListGroupsForUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminAddUserToGroup',
  ],
};

/**
 * The two public MFA-recovery functions, each allowed exactly the calls it makes: the request
 * function reads users/licenses and the Cognito user, counts attempts, writes tokens, verifies a
 * password and sends one email from the configured sender; the confirm function reads and updates
 * tokens/users, makes its strategy's Cognito calls and sends the recovery notice.
 */
export class MfaRecoveryFunctions extends Construct {
  readonly request: ApiFunction;
  readonly confirm: ApiFunction;

  constructor(scope: Construct, id: string, props: MfaRecoveryFunctionsProps) {
    super(scope, id);
    const knobs = { ...MFA_RECOVERY_DEFAULTS, ...props.knobs };
    const env = (...names: MfaRecoveryKnob[]) => Object.fromEntries(names.map((name) => [name, String(knobs[name])]));
    // Every answer waits at least MIN_RESPONSE_MS; the function must outlive that plus the real work.
    const responseFloorMs = knobs.MIN_RESPONSE_MS;
    const { table, auditTable, userPool } = props;
    const strategy = props.strategy ?? 'reset';
    const auditEnv = { AUDIT_TABLE_NAME: auditTable.tableName, AUDIT_RETENTION_DAYS: String(auditTable.retentionDays) };

    this.request = new ApiFunction(this, 'RequestMfaResetFunction', {
      handlerFile: 'request-mfa-reset',
      description: 'POST /mfa-recovery/request: verify license + password, email a one-time MFA recovery link',
      responseFloorMs,
      environment: {
        ...props.baseEnvironment,
        TABLE_NAME: table.tableName,
        ...auditEnv,
        RECOVERY_URL_BASE: props.recoveryUrlBase,
        SENDER_EMAIL: props.senderEmail,
        ...env('MIN_RESPONSE_MS', 'RECOVERY_LIMIT_WINDOW_SECONDS', 'RECOVERY_REQUEST_LIMIT_PER_ACCOUNT', 'RECOVERY_REQUEST_LIMIT_PER_IP'),
      },
    })
      .allow(['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminGetUser'], [userPool.userPoolArn])
      .allowTable(table.tableArn);

    this.confirm = new ApiFunction(this, 'ConfirmMfaResetFunction', {
      handlerFile: 'confirm-mfa-reset',
      description: `POST /mfa-recovery/confirm: redeem a recovery link, ${strategy === 'reset' ? 'reset the MFA factor in place' : 'recreate the Cognito user faithfully'}`,
      responseFloorMs,
      environment: {
        ...props.baseEnvironment,
        TABLE_NAME: table.tableName,
        ...auditEnv,
        SENDER_EMAIL: props.senderEmail,
        MFA_RECOVERY_STRATEGY: strategy,
        ...env('MIN_RESPONSE_MS', 'RECOVERY_LIMIT_WINDOW_SECONDS', 'RECOVERY_CONFIRM_LIMIT_PER_IP'),
      },
    })
      .allow(CONFIRM_COGNITO_ACTIONS[strategy], [userPool.userPoolArn])
      .allowTable(table.tableArn);
    for (const fn of [this.request, this.confirm]) {
      auditTable.grantAppend(fn);
      props.rateLimitKey.grantRead(fn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [sesIdentityArn(this, props.senderEmail)],
          conditions: { StringEquals: { 'ses:FromAddress': props.senderEmail } },
        }),
      );
    }
    // A confirm holds its token's lease while it works; a retry may take over only after the lease,
    // so a function still running must never outlive it.
    const confirmTimeoutMs = this.confirm.timeout!.toMilliseconds();
    if (confirmTimeoutMs >= RECOVERY_LEASE_MS) {
      throw new Error(`The confirm function's timeout (${confirmTimeoutMs} ms) must stay below the recovery lease (${RECOVERY_LEASE_MS} ms): lower MIN_RESPONSE_MS`);
    }
  }
}

/** The SES domain identity of `senderEmail`, in this stack's account and region (no account is hard-coded). */
export function sesIdentityArn(scope: Construct, senderEmail: string): string {
  const domain = senderEmail.split('@')[1];
  if (!domain) throw new Error(`senderEmail must be an email address, got "${senderEmail}"`);
  return Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: domain });
}
