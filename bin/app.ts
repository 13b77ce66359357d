#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { AccountLifecycleStack } from '../lib/account-lifecycle-stack';
import { stackPropsFromContext } from '../lib/stack-config';

const app = new App();
new AccountLifecycleStack(app, 'AccountLifecycle', stackPropsFromContext(app));
