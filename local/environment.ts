import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../lambdas/adapters/dynamodb/table-layout';
import { FIRST_SIGN_IN_DEFAULTS } from '../lambdas/auth/settings';
import { MFA_RECOVERY_DEFAULTS } from '../lambdas/mfa-recovery/settings';
import { WEB_PAGES } from '../web/pages';
import type { AccountLifecycleStackProps } from '../lib/account-lifecycle-stack';
import { METRICS_NAMESPACE } from '../lib/constructs/alerting';
import { stackPropsFromContext } from '../lib/stack-config';
import type { LocalResources } from './aws-resources';

/** moto's default region (unsigned requests, e.g. curl, land there too). */
export const LOCAL_REGION = 'us-east-1';

const PROJECT_ROOT = path.join(__dirname, '..');

/** The stack's configuration from cdk.json's context, read exactly as `cdk synth` reads it. */
export function stackPropsFromCdkJson(): AccountLifecycleStackProps {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
  return stackPropsFromContext(new App({ context: cdkJson.context }));
}

/**
 * Points every AWS SDK v3 client in this process at the emulator. The clients read
 * `AWS_ENDPOINT_URL` themselves, so the production composition code runs unchanged. The
 * credentials are dummies moto accepts; setting them keeps the SDK from looking for real ones.
 */
export function emulatorSdkEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/**
 * The environment the stack gives its functions (the union over all of them; they agree on every
 * shared name), with the local resources' ids. `webOrigin` is where the web app is served (locally:
 * the API's own origin), as the stack defaults to its CloudFront distribution.
 * test/infra/local-parity.test.ts compares it with the synthesized template.
 */
export function handlerEnvironment(resources: LocalResources, props: AccountLifecycleStackProps, webOrigin: string): Record<string, string> {
  const knobs = { ...MFA_RECOVERY_DEFAULTS, ...FIRST_SIGN_IN_DEFAULTS, ...(props.recoveryMinResponseMs === undefined ? {} : { MIN_RESPONSE_MS: props.recoveryMinResponseMs }) };
  return {
    POWERTOOLS_SERVICE_NAME: 'account-lifecycle',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    COGNITO_USER_POOL_ID: resources.userPoolId,
    COGNITO_CLIENT_ID: resources.clientId,
    FRONTEND_ORIGIN: webOrigin,
    TABLE_NAME: resources.tableName,
    AUDIT_TABLE_NAME: resources.auditTableName,
    AUDIT_RETENTION_DAYS: String(props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS),
    RATE_LIMIT_KEY_SECRET_ARN: resources.rateLimitKeySecretArn,
    RECOVERY_URL_BASE: `${webOrigin}${WEB_PAGES.recoveryLanding}`,
    SENDER_EMAIL: props.senderEmail,
    MFA_RECOVERY_STRATEGY: props.mfaRecoveryStrategy ?? 'reset',
    ...Object.fromEntries(Object.entries(knobs).map(([name, value]) => [name, String(value)])),
  };
}
