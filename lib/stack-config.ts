import type { App } from 'aws-cdk-lib';
import { MFA_RECOVERY_STRATEGIES, type MfaRecoveryStrategy } from '../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import type { AccountLifecycleStackProps } from './account-lifecycle-stack';

/** A required CDK context value (`cdk.json` or `cdk synth -c key=value`). */
function requiredContext(app: App, key: string): string {
  const value = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value.length === 0) throw new Error(`Missing CDK context value "${key}"`);
  return value;
}

/** An optional CDK context string; empty counts as absent. */
function optionalContext(app: App, key: string): string | undefined {
  const value = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`CDK context value "${key}" must be a string`);
  return value;
}

/** A boolean CDK context value (`-c key=false` arrives as a string). */
function booleanContext(app: App, key: string, fallback: boolean): boolean {
  const value = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`CDK context value "${key}" must be true or false`);
}

/** An optional numeric CDK context value (`-c key=5000` arrives as a string). */
function optionalNumberContext(app: App, key: string): number | undefined {
  const value = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw new Error(`CDK context value "${key}" must be a non-negative integer`);
  return number;
}

/** An optional email address from CDK context, checked at synth (a typo would silence every alarm). */
function optionalEmailContext(app: App, key: string): string | undefined {
  const value = optionalContext(app, key);
  if (value !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new Error(`CDK context value "${key}" must be an email address`);
  return value;
}

/** An optional domain name from CDK context, checked at synth. */
function optionalDomainContext(app: App, key: string): string | undefined {
  const value = optionalContext(app, key);
  if (value !== undefined && !/^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+$/i.test(value))
    throw new Error(`CDK context value "${key}" must be a domain name`);
  return value;
}

/** The optional `mfaRecoveryStrategy` context value, checked at synth. */
function strategyContext(app: App): MfaRecoveryStrategy | undefined {
  const value = app.node.tryGetContext('mfaRecoveryStrategy');
  if (value === undefined) return undefined;
  if (!(MFA_RECOVERY_STRATEGIES as readonly unknown[]).includes(value)) {
    throw new Error(`CDK context value "mfaRecoveryStrategy" must be one of: ${MFA_RECOVERY_STRATEGIES.join(', ')}`);
  }
  return value as MfaRecoveryStrategy;
}

/**
 * The stack's configuration, read from CDK context. Account and region come from the deploying
 * environment (CDK_DEFAULT_ACCOUNT/REGION); synth works offline without either.
 */
export function stackPropsFromContext(app: App): AccountLifecycleStackProps {
  return {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    frontendOrigin: optionalContext(app, 'frontendOrigin'),
    recoveryUrlBase: optionalContext(app, 'recoveryUrlBase'),
    webHosting: booleanContext(app, 'webHosting', true),
    senderEmail: requiredContext(app, 'senderEmail'),
    recoveryMinResponseMs: optionalNumberContext(app, 'recoveryMinResponseMs'),
    auditRetentionDays: optionalNumberContext(app, 'auditRetentionDays'),
    mfaRecoveryStrategy: strategyContext(app),
    alarmEmail: optionalEmailContext(app, 'alarmEmail'),
    testInboxDomain: optionalDomainContext(app, 'testInboxDomain'),
  };
}
