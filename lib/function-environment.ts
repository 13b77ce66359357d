import { FIRST_SIGN_IN_DEFAULTS } from '../lambdas/auth/settings';
import type { MfaRecoveryStrategy } from '../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import { MFA_RECOVERY_DEFAULTS } from '../lambdas/mfa-recovery/settings';
import { METRICS_NAMESPACE } from './constructs/alerting';
import type { TriggerFunction } from './cognito-triggers';
import type { ApiRoute, EnvName, FunctionDeclaration } from './routes';

/**
 * Where a function's settings come from: the stack's resources (CloudFormation tokens in CDK, the
 * emulator's ids on the local API) and its configuration. Both the stack and the local API build
 * each function's environment from its manifest entry with `functionEnvironment`.
 */
export interface FunctionResources {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly frontendOrigin: string;
  readonly tableName: string;
  readonly auditTableName: string;
  readonly auditRetentionDays: number;
  readonly rateLimitKeySecretArn: string;
  readonly recoveryCodeKeySecretArn: string;
  readonly recoveryUrlBase: string;
  readonly senderEmail: string;
  readonly mfaRecoveryStrategy: MfaRecoveryStrategy;
  /** Overrides MFA_RECOVERY_DEFAULTS.MIN_RESPONSE_MS (CDK context `recoveryMinResponseMs`). */
  readonly recoveryMinResponseMs?: number;
}

const ENV_VALUES: Record<EnvName, (resources: FunctionResources) => string> = {
  COGNITO_USER_POOL_ID: (r) => r.userPoolId,
  COGNITO_CLIENT_ID: (r) => r.clientId,
  TABLE_NAME: (r) => r.tableName,
  AUDIT_TABLE_NAME: (r) => r.auditTableName,
  AUDIT_RETENTION_DAYS: (r) => String(r.auditRetentionDays),
  RATE_LIMIT_KEY_SECRET_ARN: (r) => r.rateLimitKeySecretArn,
  RECOVERY_CODE_KEY_SECRET_ARN: (r) => r.recoveryCodeKeySecretArn,
  RECOVERY_URL_BASE: (r) => r.recoveryUrlBase,
  SENDER_EMAIL: (r) => r.senderEmail,
  MFA_RECOVERY_STRATEGY: (r) => r.mfaRecoveryStrategy,
  MIN_RESPONSE_MS: (r) => String(r.recoveryMinResponseMs ?? MFA_RECOVERY_DEFAULTS.MIN_RESPONSE_MS),
  RECOVERY_LIMIT_WINDOW_SECONDS: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_LIMIT_WINDOW_SECONDS),
  RECOVERY_REQUEST_LIMIT_PER_ACCOUNT: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_REQUEST_LIMIT_PER_ACCOUNT),
  RECOVERY_REQUEST_LIMIT_PER_IP: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_REQUEST_LIMIT_PER_IP),
  RECOVERY_CONFIRM_LIMIT_PER_IP: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_CONFIRM_LIMIT_PER_IP),
  RECOVERY_CODE_LIMIT_PER_IP: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_CODE_LIMIT_PER_IP),
  RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP),
  RECOVERY_CODE_LIMIT_PER_ACCOUNT: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_CODE_LIMIT_PER_ACCOUNT),
  RECOVERY_COOLING_OFF_SECONDS: () => String(MFA_RECOVERY_DEFAULTS.RECOVERY_COOLING_OFF_SECONDS),
  FIRST_SIGN_IN_MIN_RESPONSE_MS: () => String(FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_MIN_RESPONSE_MS),
  FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS: () => String(FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS),
  FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP: () => String(FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP),
  FIRST_SIGN_IN_LIMIT_PER_IP: () => String(FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_PER_IP),
};

/** Powertools' settings, which every function's logger and metrics read, and the settings `declaration` declares. */
function declaredEnvironment(declaration: FunctionDeclaration, resources: FunctionResources): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: 'account-lifecycle',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    ...Object.fromEntries(declaration.env.map((name) => [name, ENV_VALUES[name](resources)])),
  };
}

/**
 * The environment of a route's function: what every handler reads (Powertools' settings, the CORS
 * origin) and the settings its manifest entry declares, nothing more.
 */
export function functionEnvironment(route: ApiRoute, resources: FunctionResources): Record<string, string> {
  return { FRONTEND_ORIGIN: resources.frontendOrigin, ...declaredEnvironment(route, resources) };
}

/** The environment of a Cognito trigger's function (lib/cognito-triggers.ts): Powertools' settings and what it declares (no CORS: it answers Cognito). */
export function triggerEnvironment(trigger: TriggerFunction, resources: FunctionResources): Record<string, string> {
  return declaredEnvironment(trigger, resources);
}
