#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { AccountLifecycleStack } from '../lib/account-lifecycle-stack';

const app = new App();

/** A required CDK context value (`cdk.json` or `-c key=value`). */
function context(key: string): string {
  const value = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value.length === 0) throw new Error(`Missing CDK context value "${key}"`);
  return value;
}

new AccountLifecycleStack(app, 'AccountLifecycle', {
  // Account and region come from the deploying environment; synth works without either.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  frontendOrigin: context('frontendOrigin'),
});
