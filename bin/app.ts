#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { AccountLifecycleStack } from '../lib/account-lifecycle-stack';
import { applyNagChecks } from '../lib/nag';
import { stackPropsFromContext } from '../lib/stack-config';

const app = new App();
applyNagChecks(app);
new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app));
